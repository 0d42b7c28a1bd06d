# SPDX-License-Identifier: MIT
# Data frames as the CSV texts and files the library reads (docs/data-format.md, shock files).

# One column as CSV fields: numbers with 17 significant digits (they read back as the same
# double), NA as an empty field (which the library reports as missing, or for a shock's
# instrument reads as "unchanged"), text quoted as RFC 4180 when needed.
.tw_csv_field <- function(x) {
  if (is.factor(x)) x <- as.character(x)
  if (is.logical(x)) {
    out <- ifelse(x, "1", "0")
  } else if (is.numeric(x)) {
    out <- sprintf("%.17g", as.numeric(x))
  } else {
    out <- enc2utf8(as.character(x))
    q <- grepl("[\",\r\n]", out) | grepl("^\\s|\\s$", out)
    out[q] <- paste0("\"", gsub("\"", "\"\"", out[q], fixed = TRUE), "\"")
  }
  out[is.na(x)] <- ""
  out
}

# The lines of data frame df as CSV, header first (UTF-8).
.tw_csv_lines <- function(df, what) {
  if (!is.data.frame(df)) .tw_usage("%s must be a data frame", what)
  cols <- lapply(df, .tw_csv_field)
  lines <- if (length(cols)) do.call(paste, c(cols, sep = ",")) else character()
  enc2utf8(c(paste(names(df), collapse = ","), lines))
}

# Data frame df as one CSV text (each line ended by a newline, as the file would be).
.tw_csv_text <- function(df, what) {
  paste0(paste(.tw_csv_lines(df, what), collapse = "\n"), "\n")
}

# Writes data frame df to path as CSV with a header row.
.tw_write_csv <- function(df, path, what) {
  lines <- .tw_csv_lines(df, what)
  con <- file(path, open = "wb")
  on.exit(close(con))
  writeLines(lines, con, useBytes = TRUE)
  invisible(path)
}
