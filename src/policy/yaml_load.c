/* SPDX-License-Identifier: MIT */
/* Loading YAML text into a libyaml document (src/policy/yaml_load.h). */
#include "policy/yaml_load.h"

#include "core/error.h"

tw_status tw_yaml_load(const char *name, const char *data, size_t len, yaml_document_t *doc,
                       tw_error *err)
{
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
    tw_status st = TW_OK;
    if (!yaml_parser_load(&parser, doc)) {
        int line = (int)parser.problem_mark.line + 1, col = (int)parser.problem_mark.column + 1;
        if (parser.error == YAML_MEMORY_ERROR)
            st = tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        else
            st = tw_fail(err, TW_ERR_INPUT, name, line, col, NULL, "invalid YAML: %s%s%s",
                         parser.problem ? parser.problem : "syntax error",
                         parser.context ? " " : "", parser.context ? parser.context : "");
    }
    yaml_parser_delete(&parser);
    return st;
}
