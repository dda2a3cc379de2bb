/*
 * replay.c: runs a fuzz target's entry point over every file of a corpus
 * folder, so every build (not only clang's libFuzzer build) exercises the
 * fuzz targets on their seed corpus. Usage: replay_X CORPUS_DIR.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
        return 2;
    }
    DIR *d = opendir(argv[1]);
    if (!d) {
        fprintf(stderr, "%s: cannot open the corpus folder\n", argv[1]);
        return 4;
    }
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s", argv[1], e->d_name);
        FILE *fp = fopen(path, "rb");
        if (!fp)
            continue;
        uint8_t *buf = malloc(1 << 20);
        size_t len = buf ? fread(buf, 1, 1 << 20, fp) : 0;
        fclose(fp);
        if (buf) {
            LLVMFuzzerTestOneInput(buf, len);
            n++;
        }
        free(buf);
    }
    closedir(d);
    printf("replayed %d inputs from %s\n", n, argv[1]);
    if (n == 0) {
        fprintf(stderr, "%s: empty corpus\n", argv[1]);
        return 1;
    }
    return 0;
}
