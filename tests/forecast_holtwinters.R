# forecast: R's HoltWinters on real and synthetic series, written with 17 significant digits for
# tests/forecast_holtwinters.py to compare against the library.
# Usage: Rscript forecast_holtwinters.R OUTDIR
# Per case NAME: NAME_x.csv (the series), NAME_fit.csv (fitted(): row, xhat, level, trend, season;
# a missing component is written as 0), NAME_meta.csv (alpha, beta, gamma, period, trend,
# seasonal, SSE, a, b, s_1..s_P), NAME_pred.csv (predict(hw, 24)).
args <- commandArgs(trailingOnly = TRUE)
out <- args[1]
dir.create(out, showWarnings = FALSE, recursive = TRUE)
g17 <- function(v) sprintf("%.17g", v)

run <- function(name, x, P, alpha, beta, gamma) {
  x <- ts(as.numeric(x), frequency = P)
  hw <- HoltWinters(x, alpha = alpha, beta = beta, gamma = gamma, seasonal = "additive")
  has_trend <- !(is.logical(beta) && !beta)
  has_season <- !(is.logical(gamma) && !gamma)
  f <- fitted(hw)
  n <- nrow(f)
  first <- length(x) - n + 1
  col <- function(nm) if (nm %in% colnames(f)) as.numeric(f[, nm]) else rep(0, n)
  writeLines(g17(as.numeric(x)), file.path(out, paste0(name, "_x.csv")))
  writeLines(paste(first:length(x), g17(col("xhat")), g17(col("level")), g17(col("trend")),
                   g17(col("season")), sep = ","), file.path(out, paste0(name, "_fit.csv")))
  cf <- hw$coefficients
  a <- cf[["a"]]
  b <- if (has_trend) cf[["b"]] else 0
  s <- if (has_season) as.numeric(cf[grep("^s[0-9]+$", names(cf))]) else numeric(0)
  meta <- c(if (is.logical(alpha)) 0 else alpha, if (has_trend) beta else 0,
            if (has_season) gamma else 0, P, as.numeric(has_trend), as.numeric(has_season),
            hw$SSE, a, b, s)
  writeLines(paste(g17(meta), collapse = ","), file.path(out, paste0(name, "_meta.csv")))
  writeLines(g17(as.numeric(predict(hw, 24))), file.path(out, paste0(name, "_pred.csv")))
  cat(name, "\n", file = file.path(out, "cases.txt"), append = TRUE)
}

unlink(file.path(out, "cases.txt"))
set.seed(42)
i <- 1:240
syn4 <- 100 + 0.3 * i + rep(c(5, -2, 8, -11), 60) + rnorm(240)
syn7 <- 1e6 + 0.05 * i[1:210] + rep(c(3, 1, -4, 0, 2, -5, 3), 30) + rnorm(210, sd = 0.5)
syn2 <- 10 + rep(c(1, -1), 50) + rnorm(100, sd = 0.1)
run("co2", co2, 12, 0.5, 0.01, 0.3)
run("co2_optimal", co2, 12, 0.5126484, 0.009430046, 0.4728868)
run("co2_notrend", co2, 12, 0.6, FALSE, 0.2)
run("nottem", nottem, 12, 0.2, 0.05, 0.4)
run("ukdriverdeaths", UKDriverDeaths, 12, 0.6, 0.1, 0.3)
run("airpassengers", AirPassengers, 12, 0.25, 0.03, 0.8)
run("airpassengers_fixed", AirPassengers, 12, 0.25, 0, 0)
run("synthetic_p4", syn4, 4, 0.4, 0.2, 0.3)
run("synthetic_p7_offset", syn7, 7, 0.3, 0.1, 0.2)
run("synthetic_p2", syn2, 2, 0.9, 0.5, 1)
run("nile_holt", Nile, 1, 0.3, 0.1, FALSE)
run("co2_holt", co2, 1, 0.8, 0.2, FALSE)
run("nile_ses", Nile, 1, 0.4, FALSE, FALSE)
run("lakehuron_ses", LakeHuron, 1, 1, FALSE, FALSE)
