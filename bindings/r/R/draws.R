# SPDX-License-Identifier: MIT
# Uncertainty bands of a solve (docs/r.md, docs/uncertainty.md): `tradewar solve --draws`.

tw_solve_draws <- function(model, shock, draws = 200, seed = 1, design = "latin",
                           correlation = 0, theta_min = NULL, theta_max = NULL,
                           theta_se = NULL, threads = 0, warn = TRUE) {
  if (!inherits(model, "tradewar_model")) .tw_usage("model must come from tw_model")
  sets <- identical(draws, "sets")
  settings <- .tw_draw_settings(draws, seed, design, correlation, theta_min, theta_max,
                                threads)
  if (is.null(theta_se)) {
    dir <- model$world$dir
    theta_se <- if (sets) "" else if (is.na(dir)) .tw_usage(
      "a world from data frames has no theta_se.csv: give theta_se or draws = \"sets\"")
      else file.path(dir, "theta_se.csv")
  }
  if (!is.character(theta_se) || length(theta_se) != 1L || is.na(theta_se))
    .tw_usage("theta_se must be a file's path")
  frames <- NULL
  if (is.data.frame(shock)) {
    path <- tempfile("tradewar-shock-", fileext = ".csv")
    on.exit(unlink(path))
    .tw_write_csv(shock, path, "shock")
    frames <- c(shock = path)
    name <- "shock"
  } else if (is.character(shock) && length(shock) == 1L && !is.na(shock)) {
    path <- path.expand(shock)
    name <- shock
  } else {
    .tw_usage("shock must be a shock file's path or a data frame of shock rows")
  }
  out <- .tw_check(.Call(C_tw_r_solve_draws, model$ptr, path, name, settings,
                         path.expand(theta_se)), frames = frames)
  point <- .tw_empty_warnings(.tw_document(out$point))
  if (warn) .tw_warn(point$warnings, frames)
  class(point) <- "tradewar_solution"
  u <- out[c("source", "design", "draws", "seed", "correlation", "theta_min", "theta_max",
             "failed", "failed_share")]
  structure(list(point = point, uncertainty = c(u, out$bands)), class = "tradewar_bands")
}

print.tradewar_bands <- function(x, ...) {
  u <- x$uncertainty
  cat(sprintf("tradewar bands of %s: %d draws (%s), %d failed\n", x$point$shock, u$draws,
              u$design, u$failed))
  b <- u$world_real_income_pct
  cat(sprintf("world real income, %%: point %s, p5 %s, p50 %s, p95 %s\n",
              format(b[["point"]], digits = 4), format(b[["p5"]], digits = 4),
              format(b[["p50"]], digits = 4), format(b[["p95"]], digits = 4)))
  invisible(x)
}
