/*
 * test_sandbox.c: the Lua sandbox pinned by fixtures. Each file in
 * tests/lua/fixtures/sandbox/ states on its first line the message it must
 * fail with ("-- expect: file.lua:LINE: text") or "ok"; this test runs each in
 * a fresh sandbox (8 MiB cap, 2 million instruction budget) and checks the
 * status and that the message contains the expected text. It also checks
 * math.random against the seed and the memory accounting.
 */
#include <dirent.h>
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sandbox.h"

#define FIXDIR CALF_SOURCE_DIR "/tests/lua/fixtures/sandbox"

static calf_sandbox *make(uint64_t seed, int bare)
{
    calf_sandbox_opts o = {
        .mem_limit = (size_t)8 << 20, .budget = 2000000, .seed = seed, .bare = bare};
    calf_sandbox *sb = NULL;
    calf_error err = {0};
    if (calf_sandbox_open(&sb, &o, &err)) {
        fprintf(stderr, "open: %s\n", err.msg);
        exit(1);
    }
    return sb;
}

static int read_expect(const char *path, char *out, size_t n)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return -1;
    char line[512] = "";
    int ok = fgets(line, sizeof(line), fp) != NULL;
    fclose(fp);
    if (!ok || strncmp(line, "-- expect: ", 11) != 0)
        return -1;
    line[strcspn(line, "\n")] = '\0';
    snprintf(out, n, "%s", line + 11);
    return 0;
}

static void run_fixture(const char *name)
{
    char path[1024], expect[512];
    snprintf(path, sizeof(path), "%s/%s", FIXDIR, name);
    if (read_expect(path, expect, sizeof(expect))) {
        fprintf(stderr, "%s: no expect line\n", name);
        check_failures++;
        return;
    }
    if (strcmp(expect, "seeded") == 0)
        return;
    calf_sandbox *sb = make(1, 0);
    calf_error err = {0};
    int rc = calf_sandbox_run_file(sb, path, &err);
    if (strcmp(expect, "ok") == 0) {
        if (rc != CALF_OK)
            fprintf(stderr, "%s: unexpected failure: %s\n", name, err.msg);
        CHECK(rc == CALF_OK);
    } else {
        if (rc != CALF_ESCRIPT || !strstr(err.msg, expect))
            fprintf(stderr, "%s: rc %d, message \"%s\", want \"%s\"\n", name, rc, err.msg, expect);
        CHECK(rc == CALF_ESCRIPT);
        CHECK(strstr(err.msg, expect) != NULL);
        /* the sandbox stays usable after an error: the heap is back under the cap */
        CHECK(calf_sandbox_mem_used(sb) < ((size_t)8 << 20));
    }
    calf_sandbox_close(sb);
}

static void random_message(uint64_t seed, char *out, size_t n)
{
    calf_sandbox *sb = make(seed, 0);
    calf_error err = {0};
    int rc = calf_sandbox_run_file(sb, FIXDIR "/random_value.lua", &err);
    CHECK(rc == CALF_ESCRIPT);
    size_t len = strlen(err.msg);
    if (len >= n)
        len = n - 1;
    memcpy(out, err.msg, len);
    out[len] = '\0';
    calf_sandbox_close(sb);
}

/* Run Lua text (written to a temporary file) in a sandbox with the given
 * cap and budget; the status, with the message in err. */
static int run_text(size_t mem, long budget, const char *text, calf_error *err)
{
    char path[] = "/tmp/calf_sandbox_text_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0)
        return -1;
    FILE *fp = fdopen(fd, "w");
    fputs(text, fp);
    fclose(fp);
    calf_sandbox_opts o = {.mem_limit = mem, .budget = budget, .seed = 1};
    calf_sandbox *sb = NULL;
    int rc = calf_sandbox_open(&sb, &o, err);
    if (!rc)
        rc = calf_sandbox_run_file(sb, path, err);
    calf_sandbox_close(sb);
    remove(path);
    return rc;
}

/* The budget and the cap stop a script at their stated size, not merely
 * eventually: a loop of 0.9 budget instructions runs, one of 1.1 budgets
 * stops (a budget counted 10 times too large would let it run); a heap of
 * 0.75 of the cap is allowed, one of 1.25 caps is refused (a cap 4 times too
 * large would allow it). A numeric for loop costs one instruction (FORLOOP)
 * per turn; the budget is checked every 1000 instructions. */
static void stated_limits(void)
{
    calf_error err = {0};
    const long budget = 1000000;
    char text[256];
    snprintf(text, sizeof(text), "for i = 1, %ld do end\nreturn true\n", budget * 9 / 10);
    CHECK(run_text((size_t)8 << 20, budget, text, &err) == CALF_OK);
    snprintf(text, sizeof(text), "for i = 1, %ld do end\nreturn true\n", budget * 11 / 10);
    CHECK(run_text((size_t)8 << 20, budget, text, &err) == CALF_ESCRIPT);
    CHECK(strstr(err.msg, "instruction budget of 1000000 exhausted") != NULL);

    /* tables of 1000 numbers (16 KiB each) kept alive: 0.75 and 1.25 caps */
    const size_t cap = (size_t)16 << 20;
    const char *keep = "local keep = {}\n"
                       "for i = 1, %d do keep[i] = {} "
                       "for j = 1, 1024 do keep[i][j] = j + 0.5 end end\n"
                       "return true\n";
    int tables = (int)(cap / (16 * 1024)); /* 16 KiB of array per table: one cap */
    snprintf(text, sizeof(text), keep, tables * 3 / 4);
    int rc = run_text(cap, 200000000, text, &err);
    if (rc)
        fprintf(stderr, "0.75 cap: %s\n", err.msg);
    CHECK(rc == CALF_OK);
    snprintf(text, sizeof(text), keep, tables * 5 / 4);
    CHECK(run_text(cap, 200000000, text, &err) == CALF_ESCRIPT);
    CHECK(strstr(err.msg, "out of memory: the Lua memory cap of 16 MiB was reached") != NULL);
}

/* A big live table and small garbage made faster than the incremental
 * collector frees it: when growth is refused, Lua's emergency collection
 * frees the garbage and the retry succeeds, so the script runs to its end
 * with 0.625 of the cap live (a cap that gave up on the first refusal would
 * fail near half the cap). */
static void churn_under_cap(void)
{
    calf_error err = {0};
    const char *text = "local big = {}\n"
                       "for i = 1, 10 do big[i] = string.rep('x', 1 << 20) end -- 10 MiB\n"
                       "for week = 1, 50 do\n"
                       "  for i = 1, 20000 do local t = {i, i + 1, i + 2} end\n"
                       "end\n"
                       "return #big\n";
    int rc = run_text((size_t)16 << 20, 500000000, text, &err);
    if (rc)
        fprintf(stderr, "churn: %s\n", err.msg);
    CHECK(rc == CALF_OK);
}

int main(void)
{
    gsl_set_error_handler_off();
    DIR *d = opendir(FIXDIR);
    CHECK(d != NULL);
    int count = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n > 4 && strcmp(e->d_name + n - 4, ".lua") == 0) {
            run_fixture(e->d_name);
            count++;
        }
    }
    if (d)
        closedir(d);
    CHECK(count >= 25);

    /* math.random follows the sandbox seed */
    char a[256], b[256], c[256];
    random_message(42, a, sizeof(a));
    random_message(42, b, sizeof(b));
    random_message(43, c, sizeof(c));
    CHECK(strncmp(a, "value ", 6) == 0);
    CHECK(strcmp(a, b) == 0);
    CHECK(strcmp(a, c) != 0);

    /* a bare sandbox (patient files) has no library at all */
    calf_sandbox *sb = make(1, 1);
    calf_error err = {0};
    CHECK(calf_sandbox_run_file(sb, FIXDIR "/stdlib_ok.lua", &err) == CALF_ESCRIPT);
    CHECK(strstr(err.msg, "stdlib_ok.lua:3: undefined global 'assert'") != NULL);
    CHECK(calf_sandbox_mem_peak(sb) > 0);
    calf_sandbox_close(sb);

    /* with the default 64 MiB cap, runaway recursion hits the stack limit */
    {
        calf_sandbox_opts o = {.budget = 50000000};
        calf_sandbox *big = NULL;
        CHECK(calf_sandbox_open(&big, &o, &err) == CALF_OK);
        CHECK(calf_sandbox_run_file(big, FIXDIR "/recursion.lua", &err) == CALF_ESCRIPT);
        CHECK(strstr(err.msg, "recursion.lua:3: stack overflow") != NULL);
        calf_sandbox_close(big);
    }

    /* the allocator's size classes keep contents, and its count of what is
     * in use comes back down as blocks are freed: the fixture makes and
     * drops more than its 8 MiB cap, twice in one sandbox */
    {
        sb = make(1, 0);
        size_t u0 = calf_sandbox_mem_used(sb);
        for (int run = 0; run < 2; run++) {
            int rc = calf_sandbox_run_file(sb, FIXDIR "/alloc_classes.lua", &err);
            if (rc)
                fprintf(stderr, "alloc_classes: %s\n", err.msg);
            CHECK(rc == CALF_OK);
        }
        CHECK(calf_sandbox_mem_peak(sb) > u0 + ((size_t)64 << 10)); /* it did allocate */
        CHECK(calf_sandbox_mem_used(sb) < ((size_t)8 << 20));
        calf_sandbox_close(sb);
    }

    stated_limits();
    churn_under_cap();

    /* a missing file is an error naming the file */
    sb = make(1, 0);
    CHECK(calf_sandbox_run_file(sb, FIXDIR "/no_such_file.lua", &err) == CALF_EIO);
    CHECK(strstr(err.msg, "no_such_file.lua: cannot open") != NULL);
    calf_sandbox_close(sb);

    /* a precompiled chunk is refused */
    char bin[] = "/tmp/calf_sandbox_binary_XXXXXX";
    int fd = mkstemp(bin);
    CHECK(fd >= 0);
    if (fd >= 0) {
        FILE *fp = fdopen(fd, "wb");
        fputs("\x1bLuaT\x00 junk", fp);
        fclose(fp);
        sb = make(1, 0);
        CHECK(calf_sandbox_run_file(sb, bin, &err) == CALF_ESCRIPT);
        CHECK(strstr(err.msg, ":1: precompiled (binary) chunk refused") != NULL);
        calf_sandbox_close(sb);
        remove(bin);
    }
    CHECK_DONE();
}
