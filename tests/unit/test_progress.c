/*
 * test_progress.c: the declarative weekly progression (engine/core/progress.c).
 * Growth equals a protocol's own start * (1 + g)^(w - 1) bit for bit; a week
 * with a stopped run regresses (or, with no regress, still grows); the cap
 * gives each of n equal runs exactly cap / n, so a capped distance on a
 * rounding boundary (45 km over 4 runs = 11.25) rounds as the protocol's
 * own arithmetic rounds it, for any start; the rule hands back to the
 * protocol after its weeks; only run and walk sessions change, and each
 * changed session's cache tag is cleared; the ranges are checked.
 */
#include <math.h>
#include <string.h>

#include "check.h"
#include "progress.h"

static int same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

/* A week of n equal runs of km on separate days, plus a strength session
 * and a run's bike `instead`; sess lists the distinct sessions. */
typedef struct week_fix {
    calf_session run, bike, strength;
    calf_session *sess[3];
    calf_day_plan week[7];
} week_fix;

static void make_week(week_fix *w, int n, double km)
{
    calf_session_init(&w->run, CALF_K_RUN);
    w->run.nseg = 1;
    w->run.seg[0] = (calf_segment){km, 10, 0};
    calf_session_init(&w->bike, CALF_K_CROSS);
    w->bike.minutes = 30;
    w->run.instead = &w->bike;
    calf_session_init(&w->strength, CALF_K_STRENGTH);
    w->strength.sets = 3;
    w->strength.reps = 15;
    w->sess[0] = &w->run;
    w->sess[1] = &w->bike;
    w->sess[2] = &w->strength;
    memset(w->week, 0, sizeof w->week);
    for (int d = 0; d < n; d++)
        w->week[d] = (calf_day_plan){1, {&w->run}};
    w->week[6] = (calf_day_plan){1, {&w->strength}};
}

static double rules_km(double x) /* protocols/lib/rules.lua's M.km */
{
    return floor(x * 10 + 0.5) / 10;
}

int main(void)
{
    calf_error err = {0};
    const calf_progress_week none = {0, 0};
    week_fix w;
    calf_progress pg = {0};

    /* plain growth, unrounded: start * (1 + g)^(week - 1), as Lua's ^ */
    make_week(&w, 3, 2.7);
    calf_progress_rule grow = {.grow = 0.1};
    CHECK(calf_progress_start(&pg, &grow, w.sess, 3, w.week, &err) == CALF_OK);
    CHECK(same_bits(w.run.seg[0].km, 2.7));
    for (int week = 2; week <= 30; week++) {
        CHECK(calf_progress_monday(&pg, &(calf_progress_week){week % 3 == 0, 5}, &err) ==
              1); /* stops ignored: no regress */
        double want = 2.7 * (week - 1 == 2 ? 1.1 * 1.1 : pow(1.1, week - 1));
        if (!same_bits(w.run.seg[0].km, want))
            fprintf(stderr, "week %d: %.17g, want %.17g\n", week, w.run.seg[0].km, want);
        CHECK(same_bits(w.run.seg[0].km, want));
    }
    CHECK(w.bike.minutes == 30 && w.strength.sets == 3 && w.strength.reps == 15);

    /* symptom-guided: grow 5% without a stopped run, x0.8 after one */
    make_week(&w, 4, 5);
    calf_progress_rule sg = {.grow = 0.05, .regress = 0.8};
    CHECK(calf_progress_start(&pg, &sg, w.sess, 3, w.week, &err) == CALF_OK);
    int stops[] = {0, 0, 1, 0, 2, 1, 0};
    double want = 5;
    for (int i = 0; i < 7; i++) {
        CHECK(calf_progress_monday(&pg, &(calf_progress_week){stops[i], 0}, &err) == 1);
        want *= stops[i] ? 0.8 : 1.05;
        CHECK_REL(w.run.seg[0].km, want, 1e-14);
    }
    CHECK_REL(calf_progress_scale(&pg), pow(1.05, 4) * pow(0.8, 3), 1e-14);

    /* hold: a week whose mornings went above 2 neither grows nor regresses;
     * a stopped run still regresses; without the rule the week grows */
    make_week(&w, 3, 4);
    calf_progress_rule hold = {.grow = 0.1, .regress = 0.5, .hold_if_morning_pain = 2};
    CHECK(calf_progress_start(&pg, &hold, w.sess, 3, w.week, &err) == CALF_OK);
    calf_progress_monday(&pg, &(calf_progress_week){0, 2.5}, &err); /* held */
    CHECK(same_bits(w.run.seg[0].km, 4.0));
    calf_progress_monday(&pg, &(calf_progress_week){0, 2.0}, &err); /* not above 2: grows */
    CHECK_REL(w.run.seg[0].km, 4.4, 1e-15);
    calf_progress_monday(&pg, &(calf_progress_week){1, 3.0}, &err); /* stopped: regresses */
    CHECK_REL(w.run.seg[0].km, 2.2, 1e-15);
    CHECK(pg.a == 1 && pg.b == 1);
    calf_progress_rule nohold = {.grow = 0.1};
    make_week(&w, 3, 4);
    CHECK(calf_progress_start(&pg, &nohold, w.sess, 3, w.week, &err) == CALF_OK);
    calf_progress_monday(&pg, &(calf_progress_week){0, 9.0}, &err);
    CHECK_REL(w.run.seg[0].km, 4.4, 1e-15);

    /* the cap: 4 equal runs under 45 km a week get 45 / 4 = 11.25 exactly,
     * which rounds to 11.3 as rules.km(45 / 4) does, for every start */
    calf_progress_rule cap = {.grow = 0.1, .max_week_km = 45, .round_km = 0.1};
    int bad = 0;
    for (int i = 0; i < 400; i++) {
        double start = 1 + 0.0137 * i;
        make_week(&w, 4, start);
        CHECK(calf_progress_start(&pg, &cap, w.sess, 3, w.week, &err) == CALF_OK);
        for (int week = 2; week <= 40; week++) {
            calf_progress_monday(&pg, &none, &err);
            double lua = rules_km(fmin(start * 4 * pow(1.1, week - 1), 45) / 4);
            if (week - 1 == 2)
                lua = rules_km(fmin(start * 4 * (1.1 * 1.1), 45) / 4);
            bad += !same_bits(w.run.seg[0].km, lua);
        }
        bad += !same_bits(w.run.seg[0].km, 11.3);
    }
    CHECK(bad == 0);
    /* at the cap, the product restarts there: a regress then lowers it */
    make_week(&w, 4, 10);
    calf_progress_rule capsg = {.grow = 0.5, .regress = 0.5, .max_week_km = 48};
    CHECK(calf_progress_start(&pg, &capsg, w.sess, 3, w.week, &err) == CALF_OK);
    calf_progress_monday(&pg, &none, &err); /* 15 -> capped at 12 */
    CHECK_REL(w.run.seg[0].km, 12, 1e-15);
    calf_progress_monday(&pg, &(calf_progress_week){1, 0}, &err);
    CHECK_REL(w.run.seg[0].km, 6, 1e-15);

    /* a hold, or a regress of 1, at the cap keeps the capped distance: 4 runs
     * from 2.233 km under 45 km a week get 45 / 4 = 11.25 -> 11.3 at the cap,
     * and the weeks held there stay 11.3 (the scale times the start is
     * 11.249999999999998 for this start, which would round to 11.2) */
    make_week(&w, 4, 2.233);
    calf_progress_rule caphold = {
        .grow = 0.1, .regress = 1, .max_week_km = 45, .round_km = 0.1, .hold_if_morning_pain = 2};
    CHECK(calf_progress_start(&pg, &caphold, w.sess, 3, w.week, &err) == CALF_OK);
    for (int week = 2; week <= 20; week++)
        calf_progress_monday(&pg, &none, &err);
    CHECK(same_bits(w.run.seg[0].km, 11.3));
    calf_progress_monday(&pg, &(calf_progress_week){0, 3}, &err); /* held */
    CHECK(same_bits(w.run.seg[0].km, 11.3));
    calf_progress_monday(&pg, &(calf_progress_week){1, 0}, &err); /* regress 1: held */
    CHECK(same_bits(w.run.seg[0].km, 11.3));
    calf_progress_monday(&pg, &none, &err); /* grows: stays at the cap */
    CHECK(same_bits(w.run.seg[0].km, 11.3));

    /* rounding to a step, and a week that starts above its cap */
    make_week(&w, 2, 7.26);
    calf_progress_rule r5 = {.grow = 0, .round_km = 0.5, .max_week_km = 12};
    CHECK(calf_progress_start(&pg, &r5, w.sess, 3, w.week, &err) == CALF_OK);
    CHECK(same_bits(w.run.seg[0].km, 6.0));

    /* weeks: the rule governs its first week and weeks - 1 Mondays more */
    make_week(&w, 1, 4);
    calf_progress_rule two = {.grow = 0.25, .weeks = 2};
    CHECK(calf_progress_start(&pg, &two, w.sess, 3, w.week, &err) == CALF_OK);
    CHECK(calf_progress_monday(&pg, &none, &err) == 1);
    CHECK_REL(w.run.seg[0].km, 5, 1e-15);
    CHECK(calf_progress_monday(&pg, &none, &err) == 0);
    CHECK(pg.on == 0 && calf_progress_monday(&pg, &none, &err) == 0);

    /* a multi-segment walk/run: the running scales, the walking break keeps
     * its planned distance (the goal and max_week_km count running only) */
    calf_session wr;
    calf_session_init(&wr, CALF_K_RUN);
    wr.nseg = 3;
    wr.seg[0] = (calf_segment){1, 10, 0};
    wr.seg[1] = (calf_segment){0.4, 5, 1};
    wr.seg[2] = (calf_segment){2, 10, 0};
    calf_session *ws[] = {&wr};
    calf_day_plan wk[7] = {{1, {&wr}}};
    calf_progress_rule dbl = {.grow = 1};
    CHECK(calf_progress_start(&pg, &dbl, ws, 1, wk, &err) == CALF_OK);
    calf_progress_monday(&pg, &none, &err);
    CHECK(wr.seg[0].km == 2 && wr.seg[1].km == 0.4 && wr.seg[2].km == 4);
    CHECK(wr.seg[1].kmh == 5 && wr.seg[1].walk == 1);
    /* the cap counts the running only: 3 km of it capped at 4.5 km a week */
    wr.seg[0].km = 1;
    wr.seg[1].km = 0.4;
    wr.seg[2].km = 2;
    calf_progress_rule capr = {.grow = 1, .max_week_km = 4.5, .round_km = 0.1};
    CHECK(calf_progress_start(&pg, &capr, ws, 1, wk, &err) == CALF_OK);
    calf_progress_monday(&pg, &none, &err);
    CHECK_REL(wr.seg[0].km + wr.seg[2].km, 4.5, 1e-12);
    CHECK(wr.seg[1].km == 0.4); /* not rounded to 0.4's step either way: kept */
    /* a week of walking only: the walking is what scales */
    calf_session wa;
    calf_session_init(&wa, CALF_K_WALK);
    wa.nseg = 1;
    wa.seg[0] = (calf_segment){2, 5, 1};
    calf_session *was[] = {&wa};
    calf_day_plan wwk[7] = {{1, {&wa}}};
    CHECK(calf_progress_start(&pg, &dbl, was, 1, wwk, &err) == CALF_OK);
    calf_progress_monday(&pg, &none, &err);
    CHECK(wa.seg[0].km == 4);

    /* a distance scaled out of a session's range (0 to 100 km) is an
     * error, as run{ km = 160 } is: 5 km doubling a week without a cap
     * reaches 160 km in week 6; and 100 km rounded to a 6 km step is 102 */
    make_week(&w, 1, 5);
    calf_progress_rule grow2 = {.grow = 1};
    CHECK(calf_progress_start(&pg, &grow2, w.sess, 3, w.week, &err) == CALF_OK);
    for (int week = 2; week <= 5; week++)
        CHECK(calf_progress_monday(&pg, &none, &err) == 1);
    CHECK(w.run.seg[0].km == 80);
    err = (calf_error){0};
    CHECK(calf_progress_monday(&pg, &none, &err) == -1);
    CHECK(strcmp(err.msg, "progress scaled a run to km = 160: allowed 0 to 100") == 0);
    CHECK(pg.on == 0 && calf_progress_monday(&pg, &none, &err) == 0);
    make_week(&w, 1, 100);
    calf_progress_rule r6 = {.grow = 0, .round_km = 6};
    err = (calf_error){0};
    CHECK(calf_progress_start(&pg, &r6, w.sess, 3, w.week, &err) == CALF_EINPUT);
    CHECK(strcmp(err.msg, "progress scaled a run to km = 102: allowed 0 to 100") == 0);
    CHECK(pg.on == 0);

    /* ranges */
    struct {
        calf_progress_rule r;
        const char *msg;
    } bads[] = {
        {{.grow = 1.5}, "progress.grow = 1.5: allowed 0 to 1"},
        {{.grow = NAN}, "progress.grow = nan: allowed 0 to 1"},
        {{.grow = -0.1}, "progress.grow = -0.1: allowed 0 to 1"},
        {{.grow = 0.1, .regress = 0.05}, "progress.regress = 0.05: allowed 0.1 to 1"},
        {{.grow = 0.1, .regress = 1.2}, "progress.regress = 1.2: allowed 0.1 to 1"},
        {{.grow = 0.1, .max_week_km = INFINITY}, "progress.max_week_km = inf: allowed 0.1 to 1000"},
        {{.grow = 0.1, .round_km = 0.001}, "progress.round_km = 0.001: allowed 0.01 to 10"},
        {{.grow = 0.1, .weeks = 600}, "progress.weeks = 600: allowed whole weeks 1 to 520"},
        {{.grow = 0.1, .hold_if_morning_pain = 0.2},
         "progress.hold_if_morning_pain = 0.2: allowed 0.5 to 10"},
        /* the value as given, not rounded to 6 digits ("= 1: allowed 0 to 1") */
        {{.grow = 1.0000001}, "progress.grow = 1.0000001: allowed 0 to 1"},
        {{.grow = 0.1, .regress = 1 + 1e-12},
         "progress.regress = 1.000000000001: allowed 0.1 to 1"},
        {{.grow = 0.1, .max_week_km = 1000.0000001},
         "progress.max_week_km = 1000.0000001: allowed 0.1 to 1000"},
    };
    for (size_t i = 0; i < sizeof bads / sizeof bads[0]; i++) {
        err = (calf_error){0};
        CHECK(calf_progress_validate(&bads[i].r, &err) == CALF_EINPUT);
        if (strcmp(err.msg, bads[i].msg) != 0)
            fprintf(stderr, "got \"%s\", want \"%s\"\n", err.msg, bads[i].msg);
        CHECK(strcmp(err.msg, bads[i].msg) == 0);
    }
    err = (calf_error){0};
    CHECK(calf_progress_check_field("weeks", 2.0000001, &err) == CALF_EINPUT);
    CHECK(strcmp(err.msg, "progress.weeks = 2.0000001: allowed whole weeks 1 to 520") == 0);
    err = (calf_error){0};
    CHECK(calf_progress_check_field("grow", -0.0, &err) == CALF_OK);
    calf_progress_rule ok = {
        .grow = 0.05, .regress = 0.8, .max_week_km = 40, .round_km = 0.1, .weeks = 12};
    CHECK(calf_progress_validate(&ok, &err) == CALF_OK);

    calf_progress_free(&pg);
    CHECK(pg.km0 == NULL && pg.sess == NULL && pg.on == 0);
    CHECK_DONE();
}
