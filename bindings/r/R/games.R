# SPDX-License-Identifier: MIT
# Games of several governments and the scenario brief, each the library's document of
# `tradewar war|talks|enforce|escalate|brief --json` as a list (records as data frames).

.tw_players <- function(model, players) {
  if (!inherits(model, "tradewar_model")) .tw_usage("model must come from tw_model")
  if (!is.character(players) || length(players) < 2L || anyNA(players))
    .tw_usage("players must be at least two country codes")
  players
}

.tw_flag <- function(x, what) {
  if (!is.logical(x) || length(x) != 1L || is.na(x)) .tw_usage("%s must be TRUE or FALSE", what)
  x
}

.tw_string <- function(x, what) {
  if (!is.character(x) || length(x) != 1L || is.na(x)) .tw_usage("%s must be one string", what)
  x
}

.tw_number <- function(x, what) {
  if (!is.numeric(x) || length(x) != 1L) .tw_usage("%s must be one number", what)
  as.numeric(x)
}

.tw_whole <- function(x, what) {
  if (!is.numeric(x) || length(x) != 1L || is.na(x) || x != round(x) || abs(x) > 1e6)
    .tw_usage("%s must be a whole number", what)
  as.integer(x)
}

.tw_game_doc <- function(json, class) {
  doc <- .tw_document(json)
  class(doc) <- class
  doc
}

tw_war <- function(model, players, among_players = FALSE, instrument = "uniform",
                   services = FALSE, only_increases = FALSE, max_rate = 2, method = "auto",
                   draws = NULL, ...) {
  players <- .tw_players(model, players)
  bands <- .tw_bands_request(model, draws, ...)
  json <- .tw_check(.Call(C_tw_r_war, model$ptr, players,
                          .tw_flag(among_players, "among_players"),
                          .tw_string(instrument, "instrument"), .tw_flag(services, "services"),
                          .tw_flag(only_increases, "only_increases"),
                          .tw_number(max_rate, "max_rate"), .tw_string(method, "method"),
                          bands))
  .tw_game_result(json, "tradewar_war", .tw_strategy_bands)
}

tw_talks <- function(model, players, threat = "war", rule = "nash", weights = NULL,
                     delta = 0.9, truce_periods = 3, instrument = "uniform", services = FALSE,
                     max_rate = 2, draws = NULL, ...) {
  players <- .tw_players(model, players)
  bands <- .tw_bands_request(model, draws, ...)
  threat <- .tw_string(threat, "threat")
  if (!threat %in% c("war", "today")) .tw_usage("threat must be \"war\" or \"today\"")
  if (is.null(weights)) weights <- numeric()
  if (!is.numeric(weights)) .tw_usage("weights must be numbers, one per player")
  json <- .tw_check(.Call(C_tw_r_talks, model$ptr, players, threat == "war",
                          .tw_string(rule, "rule"), as.numeric(weights),
                          .tw_number(delta, "delta"), .tw_whole(truce_periods, "truce_periods"),
                          .tw_string(instrument, "instrument"), .tw_flag(services, "services"),
                          .tw_number(max_rate, "max_rate"), bands))
  .tw_game_result(json, "tradewar_talks", .tw_strategy_bands)
}

tw_enforce <- function(model, players, agreement = "today", periods = 0, delta = NA,
                       instrument = "uniform", services = FALSE, max_rate = 2,
                       draws = NULL, ...) {
  players <- .tw_players(model, players)
  bands <- .tw_bands_request(model, draws, ...)
  if (length(delta) != 1L || !(is.na(delta) || is.numeric(delta)))
    .tw_usage("delta must be one number or NA")
  json <- .tw_check(.Call(C_tw_r_enforce, model$ptr, players,
                          .tw_string(agreement, "agreement"), .tw_whole(periods, "periods"),
                          as.numeric(delta), .tw_string(instrument, "instrument"),
                          .tw_flag(services, "services"), .tw_number(max_rate, "max_rate"),
                          bands))
  doc <- .tw_game_result(json, "tradewar_enforce", .tw_enforce_bands)
  doc$players$delta_star <- as.numeric(doc$players$delta_star)  # null: NA
  doc
}

.tw_per_player <- function(x, n, what, type = as.numeric) {
  if (length(x) == 1L) x <- rep(x, n)
  if (length(x) != n || anyNA(x)) .tw_usage("%s: one value, or one per player (%d)", what, n)
  type(x)
}

tw_escalate <- function(model, players, rules, opening = 0, factor = 1, cap = 0, forgive = 0,
                        rounds = 20, start = "2025-01-01", period_days = 30,
                        instrument = "uniform", draws = NULL, ...) {
  players <- .tw_players(model, players)
  bands <- .tw_bands_request(model, draws, ...)
  n <- length(players)
  if (!is.character(rules)) .tw_usage("rules must be rule names")
  if (!is.numeric(opening) || !is.numeric(factor) || !is.numeric(cap) || !is.numeric(forgive))
    .tw_usage("opening, factor, cap and forgive must be numbers")
  rounds <- .tw_whole(rounds, "rounds")
  period_days <- .tw_whole(period_days, "period_days")
  if (rounds < 1L || rounds > 10000L) .tw_usage("rounds must be a number in 1..10000")
  if (period_days < 1L || period_days > 3660L)
    .tw_usage("period_days must be a number in 1..3660")
  start <- .tw_string(start, "start")
  day0 <- if (grepl("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", start))
    tryCatch(as.Date(start, format = "%Y-%m-%d"), error = function(e) NA) else NA
  if (is.na(day0) || format(day0, "%Y-%m-%d") != start)
    .tw_usage("start must be a date YYYY-MM-DD, got '%s'", start)
  dates <- format(day0 + (seq_len(rounds) - 1L) * period_days, "%Y-%m-%d")
  json <- .tw_check(.Call(C_tw_r_escalate, model$ptr, players,
                          .tw_per_player(rules, n, "rules", as.character),
                          .tw_per_player(opening, n, "opening"),
                          .tw_per_player(factor, n, "factor"), .tw_per_player(cap, n, "cap"),
                          .tw_per_player(forgive, n, "forgive"), rounds, dates,
                          .tw_string(instrument, "instrument"), bands))
  .tw_game_result(json, "tradewar_escalation", .tw_escalate_bands)
}

tw_brief <- function(scenario, households = NULL, draws = NULL, seed = 1, design = "latin",
                     correlation = 0, theta_min = NULL, theta_max = NULL, theta_se = NULL,
                     threads = 0) {
  if (!is.character(scenario) || length(scenario) != 1L || is.na(scenario))
    .tw_usage("scenario must be a scenario file's path or a shipped scenario's name")
  if (!is.null(households)) households <- path.expand(.tw_string(households, "households"))
  settings <- if (is.null(draws)) NULL else
    .tw_draw_settings(draws, seed, design, correlation, theta_min, theta_max, threads)
  path <- .tw_scenario_path(scenario)
  json <- .tw_check(.Call(C_tw_r_brief, path.expand(path), tw_data_dir(),
                          if (is.null(households)) character() else households, settings,
                          .tw_theta_se(theta_se)))
  doc <- .tw_game_doc(json[[1]], "tradewar_brief")
  if (!is.null(draws)) doc$bands <- .tw_brief_bands(json[[2]])
  doc
}
