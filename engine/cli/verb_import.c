/*
 * verb_import.c: `calfsim import FILE.fit|.tcx|.gpx... [--weeks N] [--out DIR]`
 * reads watch exports and writes activities.csv, history.csv and habitual.lua
 * (activity.h). Every file is read before anything is written, so a bad file
 * leaves no output.
 */
#include <stdio.h>
#include <string.h>

#include "activity.h"
#include "cli.h"
#include "import.h"
#include "params.h"
#include "run_common.h"
#include "out_dir.h"
#include "util.h"

int calf_verb_import(int argc, char **argv)
{
    static const char *const known[] = {"--weeks", "--out", NULL};
    const char *files[CALF_MAX_POSITIONAL], *out = NULL;
    int nfiles = 0;
    long weeks = 8;
    for (int i = 0; i < argc; i++) {
        const char *o = argv[i];
        if (strcmp(o, "--verbose") == 0)
            continue;
        if (strncmp(o, "--", 2) != 0) {
            if (nfiles >= CALF_MAX_POSITIONAL)
                return calf_cli_failf(CALF_EUSAGE, "import: at most %d files", CALF_MAX_POSITIONAL);
            files[nfiles++] = o;
            continue;
        }
        if (!calf_cli_is_option(o, known))
            return calf_cli_failf(CALF_EUSAGE,
                                  "import: unknown option \"%s\" (allowed --weeks, --out)", o);
        const char *v = calf_cli_value(argc, argv, &i);
        if (!v)
            return calf_cli_failf(CALF_EUSAGE, "import %s: needs a value", o);
        if (strcmp(o, "--out") == 0)
            out = v;
        else if (calf_parse_long(v, 1, 520, &weeks) != 0)
            return calf_cli_failf(CALF_EUSAGE, "import --weeks = \"%s\": allowed 1 to 520", v);
    }
    if (nfiles == 0)
        return calf_cli_failf(CALF_EUSAGE,
                              "import: give at least one FILE.fit, FILE.tcx or FILE.gpx");
    calf_activity_list acts = {0};
    calf_error err = {0};
    int rc = CALF_OK;
    for (int f = 0; !rc && f < nfiles; f++)
        rc = calf_import_file(files[f], &acts, &err);
    if (!rc) {
        calf_activity_sort(&acts);
        calf_params par;
        calf_params_default(&par);
        const calf_import_meta meta = {0, calf_params_hash(&par), (int)weeks};
        calf_habitual h;
        calf_habitual_from(&acts, (int)weeks, &h);
        char dir[4096], path[4096];
        calf_cli_out_dir(dir, sizeof(dir), out, "import", files[0]);
        calf_outdir od; /* the folder is replaced as a whole */
        rc = calf_outdir_open(&od, dir, &err);
        if (!rc && !(rc = calf_path_join(path, sizeof(path), od.work, "activities.csv", &err)))
            rc = calf_activities_write_csv(path, &acts, &meta, &err);
        if (!rc && !(rc = calf_path_join(path, sizeof(path), od.work, "history.csv", &err)))
            rc = calf_history_write_csv(path, &acts, &meta, &err);
        if (!rc && !(rc = calf_path_join(path, sizeof(path), od.work, "habitual.lua", &err)))
            rc = calf_habitual_write_lua(path, &h, &meta, &err);
        if (!rc)
            rc = calf_outdir_commit(&od, &err);
        calf_outdir_close(&od);
        if (!rc) {
            int count[CALF_SPORT_COUNT] = {0};
            for (size_t i = 0; i < acts.n; i++)
                count[acts.a[i].sport]++;
            printf("import: %zu activities (%d run, %d walk, %d cycle, %d swim, %d other) "
                   "-> %s\n",
                   acts.n, count[CALF_SPORT_RUN], count[CALF_SPORT_WALK], count[CALF_SPORT_CYCLE],
                   count[CALF_SPORT_SWIM], count[CALF_SPORT_OTHER], dir);
        }
    }
    calf_activity_list_free(&acts);
    return rc ? calf_cli_fail(&err) : 0;
}
