# SPDX-License-Identifier: MIT
# The tests compare the package with the command line of the same source tree: ctest sets
# TRADEWAR_CLI (the program) and TRADEWAR_SOURCE (the source tree, for its data). Without them
# (R CMD check of the package alone) the comparisons are skipped.
cli <- Sys.getenv("TRADEWAR_CLI")
src <- Sys.getenv("TRADEWAR_SOURCE")
need_tree <- function() {
  if (!nzchar(cli) || !nzchar(src)) skip("TRADEWAR_CLI and TRADEWAR_SOURCE not set")
}
tree <- function(...) file.path(src, ...)

# Runs the program; returns stdout, stderr and the exit status.
run_cli <- function(...) {
  out <- tempfile(); err <- tempfile()
  on.exit(unlink(c(out, err)))
  status <- system2(cli, c(...), stdout = out, stderr = err)
  list(out = paste(readLines(out, warn = FALSE), collapse = "\n"),
       err = readLines(err, warn = FALSE), status = status)
}

# A document with its wall times zeroed (the one field that differs between two runs).
no_seconds <- function(json) sub("\n$", "", gsub('"seconds":[-0-9.eE+]+', '"seconds":0', json))

# The values of field `key` in the JSON text `seg`, as written ("null" for null).
tokens <- function(seg, key) {
  m <- regmatches(seg, gregexpr(sprintf('"%s":(-?[0-9.eE+-]+|null)', key), seg))[[1]]
  sub('^"[^"]*":', "", m)
}

# A number as written, as its sign, significant digits and the decimal exponent of the first
# digit: "-0.00125" is "-", "125", -3; "1.5e-07" is "", "15", -7. A zero is "", "", 0.
decimal <- function(tok) {
  sign <- if (startsWith(tok, "-")) "-" else ""
  tok <- sub("^-", "", tok)
  e <- if (grepl("[eE]", tok)) as.integer(sub("^.*[eE]", "", tok)) else 0L
  mant <- sub("[eE].*$", "", tok)
  int <- sub("[.].*$", "", mant)
  all <- gsub(".", "", mant, fixed = TRUE)
  lead <- attr(regexpr("^0*", all), "match.length")
  digits <- substring(all, lead + 1L)
  if (!nzchar(digits)) return(list(sign = "", digits = "", exp = 0L))
  list(sign = sign, digits = digits, exp = nchar(int) - 1L - lead + e)
}

# TRUE if every value of v, printed with the significant digits the program printed, is the
# program's number: equality to the last printed digit.
same_digits <- function(v, tok) {
  stopifnot(length(v) == length(tok))
  ok <- logical(length(v))
  for (k in seq_along(v)) {
    if (tok[k] == "null") { ok[k] <- is.na(v[k]); next }
    t <- decimal(tok[k])
    nd <- nchar(t$digits)
    ok[k] <- if (nd == 0) isTRUE(v[k] == 0)
             else identical(decimal(sprintf("%.*e", nd - 1L, v[k])), t)
  }
  all(ok)
}

# The part of the document text between two keys.
segment <- function(json, from, to) {
  a <- regexpr(sprintf('"%s":[', from), json, fixed = TRUE)
  b <- regexpr(sprintf('"%s":', to), json, fixed = TRUE)
  substr(json, a, b - 1L)
}

# The tiny world of the C tests (tests/data/tiny) as data frames.
tiny_frames <- function() {
  d <- tree("tests", "data", "tiny")
  lapply(c(countries = "countries.csv", sectors = "sectors.csv", flows = "flows.csv",
           tariffs = "tariffs.csv"),
         function(f) utils::read.csv(file.path(d, f), stringsAsFactors = FALSE))
}

# The program's {"point": ..., "uncertainty": ...} split into its two texts.
cli_parts <- function(out) {
  at <- regexpr(', "uncertainty": ', out, fixed = TRUE)
  list(point = substr(out, nchar('{"point": ') + 1L, at - 1L),
       uncertainty = sub("}$", "", substr(out, at + nchar(', "uncertainty": '), nchar(out))))
}
