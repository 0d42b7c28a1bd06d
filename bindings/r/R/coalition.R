# SPDX-License-Identifier: MIT
# A war among coalitions and a bargain over export controls, each the library's document of
# `tradewar war --coalition NAME=CODES --json` and `tradewar bargain --json` as a list (records
# as data frames).

tw_coalition_war <- function(model, coalitions, players = character(), among_players = FALSE,
                             services = FALSE, max_rate = 2) {
  if (!inherits(model, "tradewar_model")) .tw_usage("model must come from tw_model")
  nm <- names(coalitions)
  if (!is.list(coalitions) || length(coalitions) < 1L || is.null(nm) || anyNA(nm))
    .tw_usage("coalitions must be a named list of character vectors of country codes")
  bad <- nm[!grepl("^[A-Za-z0-9_-]{1,31}$", nm)]
  if (length(bad)) .tw_usage("coalitions: a name is 1 to 31 letters, digits, '_' or '-', got '%s'",
                             bad[1L])
  if (anyDuplicated(nm)) .tw_usage("coalitions: the name '%s' is given twice",
                                   nm[anyDuplicated(nm)])
  for (k in seq_along(coalitions))
    if (!is.character(coalitions[[k]]) || length(coalitions[[k]]) < 1L ||
        anyNA(coalitions[[k]]))
      .tw_usage("coalitions$%s must be at least one country code", nm[k])
  if (!is.character(players) || anyNA(players)) .tw_usage("players must be country codes or \"all\"")
  all <- identical(players, "all")
  if (anyDuplicated(players)) .tw_usage("players: a country is listed twice")
  max_rate <- .tw_number(max_rate, "max_rate")
  if (!(max_rate > 0) || !is.finite(max_rate)) .tw_usage("max_rate must be a positive number")
  json <- .tw_check(.Call(C_tw_r_coalition_war, model$ptr, nm, unname(coalitions),
                          if (all) character() else players, all,
                          .tw_flag(among_players, "among_players"),
                          .tw_flag(services, "services"), max_rate))
  .tw_game_doc(json, "tradewar_coalition_war")
}

tw_bargain <- function(model, players, controls, weights = NULL, grid = 3) {
  players <- .tw_players(model, players)
  if (anyDuplicated(players)) .tw_usage("players: a country is listed twice")
  if (!is.list(controls) || length(controls) < 1L || length(controls) > 8L)
    .tw_usage("controls must be a list of 1 to 8 controls, each list(exporter, sectors, share)")
  ex <- character(); sec <- list(); sh <- numeric()
  for (k in seq_along(controls)) {
    c <- controls[[k]]
    if (!is.list(c) || length(c) != 3L || !is.character(c[[1L]]) || length(c[[1L]]) != 1L ||
        !is.character(c[[2L]]) || length(c[[2L]]) < 1L || anyNA(c[[2L]]) ||
        !is.numeric(c[[3L]]) || length(c[[3L]]) != 1L)
      .tw_usage("controls[[%d]] must be list(exporter, sectors, share)", k)
    if (!(c[[3L]] > 0 && c[[3L]] < 1))
      .tw_usage("controls[[%d]]: share must be a number above 0 and below 1, got %s", k,
                format(c[[3L]]))
    ex <- c(ex, c[[1L]]); sec[[k]] <- c[[2L]]; sh <- c(sh, as.numeric(c[[3L]]))
  }
  if (!is.null(weights) && (!is.numeric(weights) || length(weights) != length(players) ||
                            anyNA(weights) || any(weights <= 0)))
    .tw_usage("weights must be %d numbers > 0", length(players))
  grid <- .tw_whole(grid, "grid")
  if (grid < 2L || grid > 5L) .tw_usage("grid must be a whole number from 2 to 5")
  json <- .tw_check(.Call(C_tw_r_bargain, model$ptr, players, ex, sec, sh,
                          if (is.null(weights)) NULL else as.numeric(weights), grid))
  .tw_game_doc(json, "tradewar_bargain")
}
