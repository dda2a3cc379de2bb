/*
 * lesson.h: the lesson API behind `calfsim lesson NAME`. A lesson is a study
 * script (scripts/teaching/NAME.lua) run in the study sandbox with the
 * study extension functions (calfsim.explain, calfsim.oracle,
 * calfsim.reveal, study_ext.h) and three more:
 *   calfsim.section(title)   a heading;
 *   calfsim.say(text)        a paragraph, wrapped for the terminal;
 *   calfsim.ask{question=, choices={...}, correct="b", right=, wrong=}
 *                            a prediction: the answer comes from the
 *                            --answers list, else from a line typed on the
 *                            terminal; a right and a wrong answer get their
 *                            own feedback; returns whether it was right and
 *                            the letter given.
 * No lua.h here.
 */
#ifndef CALF_LESSON_H
#define CALF_LESSON_H

#include <stdio.h>

#include "study_ext.h"

typedef struct calf_lesson {
    calf_study_ext ext;  /* explain, oracle, reveal */
    const char *answers; /* "a,b,c" given with --answers, or NULL */
    int interactive;     /* read answers from in once the list is used up */
    FILE *in, *out;
    int width; /* wrap column of say() */
    /* results */
    int asked, right;
    int usage_error; /* answers missing or not among the choices */
    char usage_msg[256];
    size_t pos; /* next answer in the list */
} calf_lesson;

/* Extension hook (calf_study_opts.extra) with ud = calf_lesson *. */
int calf_lesson_register(struct lua_State *L, void *ud);

#endif
