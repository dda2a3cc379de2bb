/*
 * verb_params.c: `calfsim params [--format md|csv|json]` prints the registry.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "params.h"

int calf_verb_params(int argc, char **argv)
{
    const char *format = "md";
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--format") == 0) {
            format = calf_cli_value(argc, argv, &i);
            if (!format)
                return calf_cli_failf(2, "--format: needs md, csv or json");
        } else if (strcmp(argv[i], "--verbose") != 0) {
            return calf_cli_failf(2, "params: unknown option \"%s\"", argv[i]);
        }
    }
    calf_error err = {0};
    if (calf_params_print(stdout, format, &err))
        return calf_cli_fail(&err);
    return 0;
}
