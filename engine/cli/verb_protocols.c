/*
 * verb_protocols.c: `calfsim protocols [--format md|csv] [FILE.lua...]`
 * lists protocols (by default every .lua file in protocols/ shipped with calfsim, in
 * file-name order) with their name, summary and source, read from the files
 * themselves. docs/protocols.md embeds the md listing; a test fails when the
 * two differ.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_args.h"
#include "protocol_cli.h"

#define MAX_FILES 128

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Markdown table cell: '|' escaped, newlines as spaces. */
static void md_cell(const char *s)
{
    for (; *s; s++) {
        if (*s == '|')
            fputs("\\|", stdout);
        else if (*s == '\n')
            fputc(' ', stdout);
        else
            fputc(*s, stdout);
    }
}

static void csv_cell(const char *s)
{
    fputc('"', stdout);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', stdout);
        fputc(*s == '\n' ? ' ' : *s, stdout);
    }
    fputc('"', stdout);
}

int calf_verb_protocols(int argc, char **argv)
{
    const char *format = "md";
    const char *files[MAX_FILES];
    char *owned[MAX_FILES];
    int n = 0, nowned = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--format") == 0) {
            format = calf_cli_value(argc, argv, &i);
            if (!format || (strcmp(format, "md") != 0 && strcmp(format, "csv") != 0))
                return calf_cli_failf(2, "protocols --format: needs md or csv");
        } else if (strcmp(argv[i], "--verbose") == 0) {
            continue;
        } else if (argv[i][0] == '-') {
            return calf_cli_failf(2, "protocols: unknown option \"%s\"%s", argv[i],
                                  calf_cli_did_you_mean(argv[i]));
        } else if (n < MAX_FILES) {
            files[n++] = argv[i];
        }
    }
    const char *dir = calf_cli_protocol_dir();
    if (n == 0) {
        DIR *d = opendir(dir);
        if (!d)
            return calf_cli_failf(4, "%s: cannot list the shipped protocols", dir);
        struct dirent *e;
        while ((e = readdir(d)) != NULL && nowned < MAX_FILES) {
            size_t len = strlen(e->d_name);
            if (len > 4 && strcmp(e->d_name + len - 4, ".lua") == 0 && e->d_name[0] != '.') {
                size_t sz = strlen(dir) + len + 2;
                owned[nowned] = malloc(sz);
                if (!owned[nowned])
                    break;
                snprintf(owned[nowned], sz, "%s/%s", dir, e->d_name);
                nowned++;
            }
        }
        closedir(d);
        qsort(owned, (size_t)nowned, sizeof(owned[0]), cmp_str);
        for (int i = 0; i < nowned; i++)
            files[n++] = owned[i];
    }
    int md = strcmp(format, "md") == 0;
    if (md)
        printf("| File | Protocol | Summary | Source |\n|---|---|---|---|\n");
    else
        printf("file,name,summary,source\n");
    int rc = 0;
    calf_run_args a;
    memset(&a, 0, sizeof(a));
    a.lua_mem_mib = 64;
    for (int i = 0; i < n && !rc; i++) {
        calf_error err = {0};
        calf_protocol *p = NULL;
        if (calf_cli_open_protocol(files[i], &a, NULL, NULL, &p, &err)) {
            rc = calf_cli_fail(&err);
            break;
        }
        const char *base = strrchr(files[i], '/');
        base = base ? base + 1 : files[i];
        if (md) {
            printf("| `%s` | ", base);
            md_cell(calf_protocol_name(p));
            fputs(" | ", stdout);
            md_cell(calf_protocol_summary(p));
            fputs(" | ", stdout);
            md_cell(calf_protocol_source(p));
            fputs(" |\n", stdout);
        } else {
            csv_cell(base);
            fputc(',', stdout);
            csv_cell(calf_protocol_name(p));
            fputc(',', stdout);
            csv_cell(calf_protocol_summary(p));
            fputc(',', stdout);
            csv_cell(calf_protocol_source(p));
            fputc('\n', stdout);
        }
        calf_protocol_close(p);
    }
    for (int i = 0; i < nowned; i++)
        free(owned[i]);
    return rc;
}
