# SPDX-License-Identifier: MIT
# Uncertainty bands of runs, briefs and games (docs/r.md, docs/uncertainty.md): the draw
# settings every `draws =` takes, and the library's "uncertainty" document as data frames.

# The 7 numbers of the C side's draw settings (bands.c, solve_draws.c) from the arguments of
# `--draws N|sets --seed S --design D --correlation R --theta-min --theta-max --threads K`.
.tw_draw_settings <- function(draws, seed, design, correlation, theta_min, theta_max,
                              threads) {
  sets <- identical(draws, "sets")
  if (!sets && !(is.numeric(draws) && length(draws) == 1L && !is.na(draws) &&
                 draws >= 1 && draws <= 100000 && draws == round(draws)))
    .tw_usage("draws expects a whole number in [1, 100000] or \"sets\"")
  if (!is.numeric(seed) || length(seed) != 1L || is.na(seed) || seed < 0 ||
      seed != round(seed) || seed > 2^53)
    .tw_usage("seed expects a whole number in [0, 2^53]")
  if (!is.character(design) || length(design) != 1L || !design %in% c("latin", "random"))
    .tw_usage("design expects latin or random")
  num <- function(x, what) {
    if (is.null(x)) return(NaN)
    if (!is.numeric(x) || length(x) != 1L || is.na(x)) .tw_usage("%s expects a number", what)
    as.numeric(x)
  }
  if (!is.numeric(threads) || length(threads) != 1L || is.na(threads) || threads < 0 ||
      threads != round(threads) || threads > 1024)
    .tw_usage("threads expects a whole number >= 0 (0: the online processors)")
  c(if (sets) 0 else as.numeric(draws), as.numeric(seed), if (design == "random") 1 else 0,
    num(correlation, "correlation"), num(theta_min, "theta_min"),
    num(theta_max, "theta_max"), as.numeric(threads))
}

# theta_se as the C side takes it: "" for the world's own theta_se.csv.
.tw_theta_se <- function(theta_se) {
  if (is.null(theta_se)) return("")
  if (!is.character(theta_se) || length(theta_se) != 1L || is.na(theta_se))
    .tw_usage("theta_se must be a file's path")
  path.expand(theta_se)
}

.tw_num <- function(x) if (is.null(x)) NA_real_ else as.numeric(x)

# The records of a JSON array as a list of named lists (the reader makes a data frame of an
# array of objects with the same keys, a list of anything else).
.tw_records <- function(x) {
  if (is.null(x)) return(list())
  if (!is.data.frame(x)) return(x)
  lapply(seq_len(nrow(x)), function(i) lapply(x, function(col) col[[i]]))
}

# One row per band: the identifying columns `head` (a list), field, point, p5, p50, p95.
.tw_band_rows <- function(head, bands, skip = character()) {
  rows <- list()
  for (f in setdiff(names(bands), skip)) {
    b <- bands[[f]]
    rows[[length(rows) + 1L]] <- c(head, list(field = f, point = .tw_num(b$point),
                                              p5 = .tw_num(b$p5), p50 = .tw_num(b$p50),
                                              p95 = .tw_num(b$p95)))
  }
  rows
}

.tw_rows_frame <- function(rows, cols) {
  if (!length(rows)) {
    f <- as.data.frame(setNames(replicate(length(cols), character(), simplify = FALSE), cols),
                       stringsAsFactors = FALSE)
    return(f)
  }
  f <- do.call(rbind, lapply(rows, as.data.frame, stringsAsFactors = FALSE))
  rownames(f) <- NULL
  f
}

# The "uncertainty" text as the package's band object: document (the parsed object), json
# (its text), draws, failed, failed_share, failures (draw, status, message, set) and the
# frames `frames(document)` makes.
.tw_bands <- function(json, class, frames) {
  u <- .tw_document(json)
  fail <- .tw_rows_frame(lapply(.tw_records(u$failures), function(x) list(draw = as.integer(x$draw),
                                                    status = x$status, message = x$message,
                                                    set = if (is.null(x$set)) "" else x$set)),
                         c("draw", "status", "message", "set"))
  structure(c(list(document = u, json = json, draws = as.integer(u$draws),
                   failed = as.integer(u$failed), failed_share = as.numeric(u$failed_share),
                   failures = fail), frames(u)), class = c(class, "tradewar_uncertainty"))
}

# Run bands: real_income (step, date, branch, group, field real_income_pct, point, ...).
.tw_run_bands <- function(json) {
  .tw_bands(json, "tradewar_run_bands", function(u) {
    rows <- list()
    for (st in .tw_records(u$steps))
      for (g in names(st$real_income_pct))
        rows <- c(rows, .tw_band_rows(list(step = as.integer(st$step), date = st$date,
                                           branch = st$branch, group = g),
                                      list(real_income_pct = st$real_income_pct[[g]])))
    list(real_income = .tw_rows_frame(rows, c("step", "date", "branch", "group", "field",
                                              "point", "p5", "p50", "p95")))
  })
}

# Brief bands: countries (step, date, branch, name, field, point, ...) and partners (the same
# with partner).
.tw_brief_bands <- function(json) {
  .tw_bands(json, "tradewar_brief_bands", function(u) {
    cr <- list(); pr <- list()
    for (st in .tw_records(u$steps)) {
      head <- list(step = as.integer(st$step), date = st$date, branch = st$branch)
      for (c in .tw_records(st$countries)) {
        h <- c(head, list(name = c$name))
        cr <- c(cr, .tw_band_rows(h, c, c("name", "partners")))
        for (p in .tw_records(c$partners))
          pr <- c(pr, .tw_band_rows(c(h, list(partner = p$name)), p, "name"))
      }
    }
    q <- c("field", "point", "p5", "p50", "p95")
    list(countries = .tw_rows_frame(cr, c("step", "date", "branch", "name", q)),
         partners = .tw_rows_frame(pr, c("step", "date", "branch", "name", "partner", q)))
  })
}

print.tradewar_uncertainty <- function(x, ...) {
  cat(sprintf("tradewar bands: %d draws (%s), %d failed\n", x$draws, x$document$design,
              x$failed))
  invisible(x)
}

# The bands argument of the games' C calls: NULL without draws, else list(settings,
# theta_se) (the model's world's theta_se.csv by default; "" for sets).
.tw_bands_request <- function(model, draws, ...) {
  opts <- list(...)
  if (is.null(draws)) {
    if (length(opts)) .tw_usage("%s: draw options go with draws",
                                paste(names(opts), collapse = ", "))
    return(NULL)
  }
  req <- function(seed = 1, design = "latin", correlation = 0, theta_min = NULL,
                  theta_max = NULL, theta_se = NULL, threads = 0) {
    settings <- .tw_draw_settings(draws, seed, design, correlation, theta_min, theta_max,
                                  threads)
    if (is.null(theta_se) && settings[1] > 0) {
      dir <- model$world$dir
      if (is.na(dir)) .tw_usage(
        "a world from data frames has no theta_se.csv: give theta_se or draws = \"sets\"")
      theta_se <- file.path(dir, "theta_se.csv")
    }
    list(settings, .tw_theta_se(theta_se))
  }
  bad <- setdiff(names(opts), names(formals(req)))
  if (length(bad) || (length(opts) && is.null(names(opts))))
    .tw_usage("unknown draw options %s (seed, design, correlation, theta_min, theta_max, %s)",
              paste(bad, collapse = ", "), "theta_se, threads")
  do.call(req, opts)
}

# A game's document: json is one string, or two (the document and its bands) with draws.
.tw_game_result <- function(json, class, bands = NULL) {
  doc <- .tw_game_doc(json[[1]], class)
  if (length(json) == 2L) doc$bands <- bands(json[[2]])
  doc
}

.tw_code_rows <- function(recs, skip = "code")
  unlist(lapply(.tw_records(recs), function(p) .tw_band_rows(list(code = p$code), p, skip)),
         recursive = FALSE)

.tw_q <- c("field", "point", "p5", "p50", "p95")

# Bands of optimal, war and talks: players (code, field avg_tariff_pct or real_income_pct,
# point, ...), countries (code, field real_income_pct, ...), world (a named vector).
.tw_strategy_bands <- function(json) {
  .tw_bands(json, "tradewar_game_bands", function(u) {
    w <- u$world_real_income_pct
    list(players = .tw_rows_frame(.tw_code_rows(u$players), c("code", .tw_q)),
         countries = .tw_rows_frame(.tw_code_rows(u$countries), c("code", .tw_q)),
         world = c(point = .tw_num(w$point), p5 = .tw_num(w$p5), p50 = .tw_num(w$p50),
                   p95 = .tw_num(w$p95)))
  })
}

# Bands of escalate: tariffs (round, date, importer, exporter, field, point, ...) and players
# (round, date, code, ...) by round; end_tariffs, end_players; rounds_played.
.tw_escalate_bands <- function(json) {
  .tw_bands(json, "tradewar_escalate_bands", function(u) {
    state <- function(st, head) {
      t <- unlist(lapply(.tw_records(st$tariffs), function(x)
        .tw_band_rows(c(head, list(importer = x$importer, exporter = x$exporter)), x,
                      c("importer", "exporter"))), recursive = FALSE)
      p <- unlist(lapply(.tw_records(st$players), function(x)
        .tw_band_rows(c(head, list(code = x$code)), x, "code")), recursive = FALSE)
      list(t = t, p = p)
    }
    tr <- list(); pr <- list()
    for (r in .tw_records(u$rounds)) {
      s <- state(r, list(round = as.integer(r$round), date = r$date))
      tr <- c(tr, s$t); pr <- c(pr, s$p)
    }
    e <- state(u$end_state, list())
    n <- u$rounds_played
    list(tariffs = .tw_rows_frame(tr, c("round", "date", "importer", "exporter", .tw_q)),
         players = .tw_rows_frame(pr, c("round", "date", "code", .tw_q)),
         end_tariffs = .tw_rows_frame(e$t, c("importer", "exporter", .tw_q)),
         end_players = .tw_rows_frame(e$p, c("code", .tw_q)),
         rounds_played = c(point = .tw_num(n$point), p5 = .tw_num(n$p5),
                           p50 = .tw_num(n$p50), p95 = .tw_num(n$p95)))
  })
}

# Bands of enforce: players (code, field delta_star, payoff_agree, payoff_deviate,
# payoff_punish, point, ...).
.tw_enforce_bands <- function(json) {
  .tw_bands(json, "tradewar_enforce_bands", function(u)
    list(players = .tw_rows_frame(.tw_code_rows(u$players), c("code", .tw_q))))
}
