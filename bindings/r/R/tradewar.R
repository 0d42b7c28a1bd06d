# SPDX-License-Identifier: MIT
# The R interface of the tradewar C library (docs/r.md).

tw_version <- function() .Call(C_tw_r_version)

# Directories searched for shipped worlds, in order: $TRADEWAR_DATA, then the directory
# configure recorded at installation. Only those that exist.
tw_data_dir <- function() {
  roots <- c(Sys.getenv("TRADEWAR_DATA"), .Call(C_tw_r_data_dir))
  roots <- roots[nzchar(roots)]
  unique(roots[dir.exists(roots)])
}

.tw_shipped <- function() {
  roots <- tw_data_dir()
  if (!length(roots)) return(character())
  d <- list.dirs(roots[1], full.names = FALSE, recursive = FALSE)
  sort(d[file.exists(file.path(roots[1], d, "countries.csv"))])
}

.tw_horizon_years <- function(horizon) {
  if (is.null(horizon)) return(NaN)
  if (is.character(horizon) && length(horizon) == 1L) {
    years <- c(short = 1, medium = 5, long = Inf)[horizon]
    if (is.na(years)) {
      years <- suppressWarnings(as.numeric(horizon))
      if (is.na(years))
        .tw_usage("horizon expects short, medium, long or a number of years, got '%s'",
                  horizon)
    }
    return(unname(years))
  }
  if (!is.numeric(horizon) || length(horizon) != 1L || !(horizon > 0 && horizon <= 1000 ||
                                                          horizon == Inf))
    .tw_usage("horizon expects short, medium, long or a number of years in (0, 1000]")
  as.numeric(horizon)
}

.tw_world_object <- function(ptr, dir) {
  info <- .Call(C_tw_r_world_info, ptr)
  structure(list(
    ptr = ptr, name = info$name, dir = dir, year = info$year, unit = info$unit,
    description = info$description, elasticities = info$elasticities,
    countries = data.frame(code = info$country_code, name = info$country_name,
                           stringsAsFactors = FALSE),
    sectors = data.frame(code = info$sector_code, name = info$sector_name,
                         theta = info$theta, goods = info$goods, stringsAsFactors = FALSE)),
    class = "tradewar_world")
}

tw_world_load <- function(world = "icio2022", elasticities = NULL, horizon = NULL) {
  if (!is.character(world) || length(world) != 1L || is.na(world))
    .tw_usage("world must be a shipped world's name or a directory")
  dir <- world
  if (!grepl("/", world, fixed = TRUE) && !dir.exists(world)) {
    roots <- tw_data_dir()
    found <- file.path(roots, world)[dir.exists(file.path(roots, world))]
    if (!length(found)) {
      shipped <- .tw_shipped()
      .tw_stop(list(status = 2L, file = "", line = 0L, column = 0L, field = "world",
                    message = "", text = sprintf(
                      "error: world: no world named '%s' (shipped: %s; or give a directory)",
                      world, if (length(shipped)) paste(shipped, collapse = ", ")
                             else "none found: set TRADEWAR_DATA")))
    }
    dir <- found[1]
  }
  ptr <- .tw_check(.Call(C_tw_r_world_load, path.expand(dir), elasticities,
                         .tw_horizon_years(horizon)))
  .tw_world_object(ptr, dir)
}

# The files a world may have (docs/data-format.md) and the argument each comes from.
.tw_world_files <- c(countries = "countries.csv", sectors = "sectors.csv", flows = "flows.csv",
                     tariffs = "tariffs.csv", value_added = "value_added.csv", io = "io.csv",
                     final_demand = "final_demand.csv", elasticities = "elasticities.csv",
                     input_elasticities = "input_elasticities.csv",
                     specific_factors = "specific_factors.csv", horizons = "horizons.csv")

tw_world_from_frames <- function(countries, sectors, flows, tariffs = NULL, value_added = NULL,
                                 io = NULL, final_demand = NULL, elasticities = NULL,
                                 input_elasticities = NULL, specific_factors = NULL,
                                 horizons = NULL, name = "frames", year = NULL,
                                 unit = NULL, description = NULL, elasticity_set = NULL,
                                 horizon = NULL) {
  frames <- list(countries = countries, sectors = sectors, flows = flows, tariffs = tariffs,
                 value_added = value_added, io = io, final_demand = final_demand,
                 elasticities = elasticities, input_elasticities = input_elasticities,
                 specific_factors = specific_factors, horizons = horizons)
  frames <- frames[!vapply(frames, is.null, logical(1))]
  # Each frame becomes the CSV text of its file, loaded from memory by the library
  # (tw_world_load_texts): errors name the text "<flows>", mapped back to the frame's name.
  meta <- c(name = name, year = year, unit = unit, description = description)
  texts <- c(world.csv = .tw_csv_text(data.frame(key = names(meta), value = unname(meta),
                                                 stringsAsFactors = FALSE), "world"))
  labels <- c(world = "<world>")
  for (f in names(frames)) {
    file <- .tw_world_files[[f]]
    texts[file] <- .tw_csv_text(frames[[f]], f)
    labels[f] <- paste0("<", sub("[.]csv$", "", file), ">")
  }
  ptr <- .tw_check(.Call(C_tw_r_world_load_texts, texts, elasticity_set,
                         .tw_horizon_years(horizon)), frames = labels)
  .tw_world_object(ptr, NA_character_)
}

tw_model <- function(world, deficits = "fixed", tolerance = NULL, max_iterations = NULL) {
  if (!inherits(world, "tradewar_world")) .tw_usage("world must come from tw_world_load")
  if (!is.character(deficits) || length(deficits) != 1L)
    .tw_usage("deficits expects fixed, zero or proportional")
  ptr <- .tw_check(.Call(C_tw_r_model_create, world$ptr, deficits,
                         if (is.null(tolerance)) NaN else as.numeric(tolerance),
                         if (is.null(max_iterations)) NaN else as.numeric(max_iterations)))
  structure(list(ptr = ptr, world = world, deficits = deficits), class = "tradewar_model")
}

# Parses a JSON document of the library into a list: arrays of objects become data frames
# whose columns are the document's field names, null becomes NA.
.tw_document <- function(json) {
  doc <- .Call(C_tw_r_json_parse, json)
  attr(doc, "json") <- json
  doc
}

.tw_empty_warnings <- function(doc) {
  if (!is.data.frame(doc$warnings))
    doc$warnings <- data.frame(file = character(), line = integer(), column = integer(),
                               field = character(), message = character(),
                               text = character(), stringsAsFactors = FALSE)
  doc
}

tw_solve <- function(model, shock, warn = TRUE) {
  if (!inherits(model, "tradewar_model")) .tw_usage("model must come from tw_model")
  frames <- text <- NULL
  if (is.data.frame(shock)) {
    # The rows as the text of a shock file, read from memory (tw_shock_apply_buffer_warn):
    # errors and warnings name "<shock>", mapped back to the data frame.
    text <- .tw_csv_text(shock, "shock")
    path <- "<shock>"
    frames <- c(shock = path)
    name <- "shock"
  } else if (is.character(shock) && length(shock) == 1L && !is.na(shock)) {
    path <- path.expand(shock)
    name <- shock
  } else {
    .tw_usage("shock must be a shock file's path or a data frame of shock rows")
  }
  # The tables are built in C from the library's results (the same columns and values as
  # reading them from the document, test-frames.R); the rest is read from the document.
  doc <- .tw_empty_warnings(.tw_check(.Call(C_tw_r_solve_frames, model$ptr, path, name, text),
                                      frames = frames))
  if (warn) .tw_warn(doc$warnings, frames)
  class(doc) <- "tradewar_solution"
  doc
}

.tw_scenario_path <- function(scenario) {
  if (file.exists(scenario)) return(scenario)
  roots <- c(Sys.getenv("TRADEWAR_SCENARIOS"),
             file.path(tw_data_dir(), "scenarios"),
             file.path(dirname(tw_data_dir()), "scenarios"))
  roots <- roots[nzchar(roots) & dir.exists(roots)]
  for (r in roots) {
    files <- list.files(r, pattern = "[.]yaml$")
    stems <- sub("[.]yaml$", "", files)
    hit <- which(tolower(gsub("-", "_", stems)) == tolower(gsub("-", "_", scenario)))
    if (length(hit)) return(file.path(r, files[hit[1]]))
  }
  .tw_stop(list(status = 2L, file = "", line = 0L, column = 0L, field = "", message = "",
                text = sprintf("error: no scenario named '%s' (give a path to a YAML file)",
                               scenario)))
}

tw_run <- function(scenario, warn = TRUE, draws = NULL, seed = 1, design = "latin",
                   correlation = 0, theta_min = NULL, theta_max = NULL, theta_se = NULL,
                   threads = 0) {
  if (!is.character(scenario) || length(scenario) != 1L || is.na(scenario))
    .tw_usage("scenario must be a scenario file's path or a shipped scenario's name")
  settings <- if (is.null(draws)) NULL else
    .tw_draw_settings(draws, seed, design, correlation, theta_min, theta_max, threads)
  path <- .tw_scenario_path(scenario)
  json <- .tw_check(.Call(C_tw_r_run, path.expand(path), tw_data_dir(), settings,
                          .tw_theta_se(theta_se)))
  doc <- .tw_empty_warnings(.tw_document(json[[1]]))
  if (warn) .tw_warn(doc$warnings)
  class(doc) <- "tradewar_timeline"
  if (!is.null(draws)) doc$bands <- .tw_run_bands(json[[2]])
  doc
}

tw_optimal <- function(model, country, partners = character(), instrument = "uniform",
                       services = FALSE, only_increases = FALSE, max_rate = 2,
                       draws = NULL, ...) {
  if (!inherits(model, "tradewar_model")) .tw_usage("model must come from tw_model")
  bands <- .tw_bands_request(model, draws, ...)
  if (!is.character(country) || length(country) != 1L)
    .tw_usage("country must be one country code")
  json <- .tw_check(.Call(C_tw_r_optimal, model$ptr, country, as.character(partners),
                          instrument, as.logical(services), as.logical(only_increases),
                          as.numeric(max_rate), bands))
  .tw_game_result(json, "tradewar_optimal", .tw_strategy_bands)
}

tw_free <- function(x) {
  if (inherits(x, c("tradewar_model", "tradewar_world"))) .Call(C_tw_r_free, x$ptr)
  else .tw_usage("tw_free expects a tradewar world or model")
  invisible(NULL)
}

print.tradewar_world <- function(x, ...) {
  cat(sprintf("tradewar world %s: %d economies x %d sectors (%s)\n", x$name,
              nrow(x$countries), nrow(x$sectors), x$unit))
  invisible(x)
}

print.tradewar_model <- function(x, ...) {
  cat(sprintf("tradewar model of world %s, deficits %s\n", x$world$name, x$deficits))
  invisible(x)
}

print.tradewar_solution <- function(x, ...) {
  cat(sprintf("tradewar solve of %s on world %s (deficits %s): world real income %s%%\n",
              x$shock, x$world, x$deficits, format(x$world_real_income_pct, digits = 4)))
  cat("countries, trade and output are data frames; real income by country, %:\n")
  print(utils::head(x$countries[, c("code", "real_income_pct")]), row.names = FALSE)
  invisible(x)
}
