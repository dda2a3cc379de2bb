/*
 * verb_params.c: `calfsim params [--format md|csv|json]` prints the registry;
 * `calfsim params --patient-fields` prints the patient profile fields.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_args.h"
#include "params.h"
#include "patient.h"

int calf_verb_params(int argc, char **argv)
{
    const char *format = "md";
    int fields = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--patient-fields") == 0) {
            fields = 1;
            continue;
        }
        if (strcmp(argv[i], "--format") == 0) {
            format = calf_cli_value(argc, argv, &i);
            if (!format)
                return calf_cli_failf(2, "--format: needs md, csv or json");
        } else if (strcmp(argv[i], "--verbose") != 0) {
            return calf_cli_failf(2, "params: unknown option \"%s\"%s", argv[i],
                                  calf_cli_did_you_mean(argv[i]));
        }
    }
    if (fields) {
        if (strcmp(format, "md") != 0)
            return calf_cli_failf(2, "--patient-fields: only --format md");
        calf_patient_fields_print_md(stdout);
        return 0;
    }
    calf_error err = {0};
    if (calf_params_print(stdout, format, &err))
        return calf_cli_fail(&err);
    return 0;
}
