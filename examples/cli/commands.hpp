// The ek tool's streaming-analytics commands (analytics.cpp). Each takes the arguments after
// its name and returns the process exit status.
#ifndef EK_CLI_COMMANDS_HPP
#define EK_CLI_COMMANDS_HPP

namespace ekcli {
int cmd_zscore(int argc, char **argv);
int cmd_forecast(int argc, char **argv);
int cmd_holtwinters(int argc, char **argv);
int cmd_window(int argc, char **argv);
int cmd_negotiate(int argc, char **argv);
int cmd_probe(int argc, char **argv);
int cmd_image(int argc, char **argv);
}  // namespace ekcli

#endif
