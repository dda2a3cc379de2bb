/*
 * verb_run.c: `calfsim run` (placeholder wiring until the simulation lands).
 */
#include "cli.h"

int calf_verb_run(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return calf_cli_failf(2, "run: not built yet");
}
