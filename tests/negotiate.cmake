# negotiate: the `ek negotiate` command end to end (JSON read back with Python's json module).
ek_cli_test(cli_negotiate cli_negotiate_test.py)
