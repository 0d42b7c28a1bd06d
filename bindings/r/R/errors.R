# SPDX-License-Identifier: MIT
# Errors and warnings of the library as R conditions.

.tw_status_class <- c("input", "io", "nomem", "not_converged", "usage", "numeric",
                      "cancelled")

# Signals the library's error record `rec` (a list from the C code) as an R error of class
# tradewar_error_<status>, tradewar_error, error, condition. `frames` maps the names of the
# CSV texts (or temporary files) made of data frames ("<flows>") back to the data frames'
# names: the condition then names the data frame and its row.
.tw_stop <- function(rec, call = NULL, frames = NULL) {
  file <- rec$file
  row <- NA_integer_
  text <- rec$text
  if (!is.null(frames) && nzchar(file) && file %in% frames) {
    name <- names(frames)[match(file, frames)]
    row <- if (rec$line > 1L) rec$line - 1L else NA_integer_
    where <- if (is.na(row)) sprintf("data frame '%s'", name)
             else sprintf("data frame '%s', row %d", name, row)
    text <- paste0(where, ": ", sub(.tw_position(file), "", text))
    file <- name
  }
  status <- if (rec$status >= 1L && rec$status <= length(.tw_status_class))
    .tw_status_class[rec$status] else "internal"
  cond <- structure(
    class = c(paste0("tradewar_error_", status), "tradewar_error", "error", "condition"),
    list(message = text, call = call, status = status, file = file, line = rec$line,
         column = rec$column, field = rec$field, row = row, detail = rec$message))
  stop(cond)
}

# A regular expression matching "file:line:column: " at the start of a message.
.tw_position <- function(file) {
  paste0("^", gsub("([][{}()+*^$|\\\\.?])", "\\\\\\1", file), "(:[0-9]+)*: ")
}

# Returns x, or signals it when it is an error record.
.tw_check <- function(x, call = NULL, frames = NULL) {
  if (inherits(x, "tradewar_error_record")) .tw_stop(x, call, frames)
  x
}

# A usage error raised by the R code itself (no position).
.tw_usage <- function(fmt, ..., call = NULL) {
  .tw_stop(list(status = 5L, file = "", line = 0L, column = 0L, field = "",
                message = sprintf(fmt, ...),
                text = paste("error:", sprintf(fmt, ...))), call)
}

# The document's warnings (a data frame) as R warnings of class tradewar_warning, as the
# command line prints them on standard error.
.tw_warn <- function(w, frames = NULL) {
  if (is.null(w) || !is.data.frame(w) || nrow(w) == 0L) return(invisible())
  for (k in seq_len(nrow(w))) {
    text <- w$text[k]
    file <- w$file[k]
    if (!is.null(frames) && !is.na(file) && file %in% frames) {
      name <- names(frames)[match(file, frames)]
      text <- paste0(sprintf("data frame '%s', row %d: ", name, w$line[k] - 1L),
                     sub(.tw_position(file), "", text))
    }
    warning(structure(class = c("tradewar_warning", "warning", "condition"),
                      list(message = text, call = NULL, file = file, line = w$line[k],
                           column = w$column[k], field = w$field[k])))
  }
  invisible()
}
