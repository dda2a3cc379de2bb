/*
 * htmlcheck.c: a strict well-formedness checker for calfsim's report.html
 * and gnuplot's SVG files (tests only). It accepts an optional <?xml ...?>
 * prolog and <!DOCTYPE ...>, comments and CDATA; every other tag must be
 * closed in order (HTML void elements may stand alone), attribute values
 * must be quoted, '&' must start an entity (&name; or &#...;), and text must
 * not hold a raw '<'. Usage: htmlcheck FILE; exit 0 if well-formed, else 1
 * with "FILE:LINE: what" on stderr.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 256

static const char *file;
static int line = 1;

static int bad(const char *what)
{
    fprintf(stderr, "%s:%d: %s\n", file, line, what);
    return 1;
}

static int is_void(const char *name)
{
    static const char *const v[] = {"meta", "br",     "img",  "hr",   "link",  "input", "col",
                                    "wbr",  "source", "area", "base", "embed", "track"};
    for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
        if (strcmp(name, v[i]) == 0)
            return 1;
    return 0;
}

static void count_lines(const char *a, const char *b)
{
    for (; a < b; a++)
        if (*a == '\n')
            line++;
}

static int entity(const char **pp)
{
    const char *p = *pp + 1;
    if (*p == '#') {
        p++;
        if (*p == 'x') {
            p++;
            if (!isxdigit((unsigned char)*p))
                return -1;
            while (isxdigit((unsigned char)*p))
                p++;
        } else {
            if (!isdigit((unsigned char)*p))
                return -1;
            while (isdigit((unsigned char)*p))
                p++;
        }
    } else {
        if (!isalpha((unsigned char)*p))
            return -1;
        while (isalnum((unsigned char)*p))
            p++;
    }
    if (*p != ';')
        return -1;
    *pp = p + 1;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: htmlcheck FILE\n");
        return 2;
    }
    file = argv[1];
    FILE *fp = fopen(file, "rb");
    if (!fp) {
        fprintf(stderr, "%s: cannot open\n", file);
        return 1;
    }
    size_t cap = 1 << 20, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n - 1, fp)) > 0) {
        n += got;
        if (n + 1 >= cap) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
    }
    fclose(fp);
    if (!buf)
        return bad("out of memory");
    buf[n] = '\0';
    char stack[MAX_DEPTH][64];
    int depth = 0, roots = 0;
    const char *p = buf;
    while (*p) {
        if (*p == '\n') {
            line++;
            p++;
            continue;
        }
        if (*p == '&') {
            if (entity(&p))
                return bad("'&' that does not start an entity");
            continue;
        }
        if (*p != '<') {
            p++;
            continue;
        }
        if (strncmp(p, "<!--", 4) == 0) {
            const char *e = strstr(p + 4, "-->");
            if (!e)
                return bad("unterminated comment");
            count_lines(p, e);
            p = e + 3;
            continue;
        }
        if (strncmp(p, "<![CDATA[", 9) == 0) {
            const char *e = strstr(p + 9, "]]>");
            if (!e)
                return bad("unterminated CDATA");
            count_lines(p, e);
            p = e + 3;
            continue;
        }
        if (strncmp(p, "<?", 2) == 0 || strncmp(p, "<!DOCTYPE", 9) == 0 ||
            strncmp(p, "<!doctype", 9) == 0) {
            if (depth)
                return bad("prolog or doctype inside an element");
            const char *e = strchr(p, '>');
            if (!e)
                return bad("unterminated declaration");
            count_lines(p, e);
            p = e + 1;
            continue;
        }
        int closing = p[1] == '/';
        const char *q = p + 1 + closing;
        char name[64];
        size_t len = 0;
        while (*q && (isalnum((unsigned char)*q) || *q == ':' || *q == '-' || *q == '_') &&
               len + 1 < sizeof(name))
            name[len++] = *q++;
        name[len] = '\0';
        if (!len)
            return bad("raw '<' in text or a tag without a name");
        if (closing) {
            while (isspace((unsigned char)*q))
                q++;
            if (*q != '>')
                return bad("malformed closing tag");
            if (!depth || strcmp(stack[depth - 1], name) != 0) {
                char m[200];
                snprintf(m, sizeof(m), "</%s> does not close <%s>", name,
                         depth ? stack[depth - 1] : "(nothing)");
                return bad(m);
            }
            depth--;
            p = q + 1;
            continue;
        }
        /* attributes */
        for (;;) {
            while (isspace((unsigned char)*q)) {
                if (*q == '\n')
                    line++;
                q++;
            }
            if (*q == '>' || (q[0] == '/' && q[1] == '>'))
                break;
            if (!*q)
                return bad("unterminated tag");
            const char *an = q;
            while (*q && (isalnum((unsigned char)*q) || *q == ':' || *q == '-' || *q == '_'))
                q++;
            if (q == an)
                return bad("bad attribute name");
            while (*q == ' ')
                q++;
            if (*q != '=')
                return bad("attribute without a quoted value");
            q++;
            while (*q == ' ')
                q++;
            char quote = *q;
            if (quote != '"' && quote != '\'')
                return bad("unquoted attribute value");
            q++;
            while (*q && *q != quote) {
                if (*q == '<')
                    return bad("'<' in an attribute value");
                if (*q == '&') {
                    if (entity(&q))
                        return bad("'&' in an attribute value that is not an entity");
                    continue;
                }
                if (*q == '\n')
                    line++;
                q++;
            }
            if (!*q)
                return bad("unterminated attribute value");
            q++;
        }
        int self = *q == '/';
        p = q + (self ? 2 : 1);
        if (self || is_void(name))
            continue;
        if (depth == 0)
            roots++;
        if (depth >= MAX_DEPTH)
            return bad("nesting too deep");
        snprintf(stack[depth++], sizeof(stack[0]), "%s", name);
    }
    if (depth) {
        char m[128];
        snprintf(m, sizeof(m), "<%s> is never closed", stack[depth - 1]);
        return bad(m);
    }
    if (roots != 1)
        return bad("not exactly one root element");
    free(buf);
    return 0;
}
