// The second hot array of a py-spy file: "weights", one number a sample (`0.01`), a few percent of
// the bytes but one RapidJSON number parse and one handler call each. Called from the handler
// right after RapidJSON delivered an element of the array, this reads the elements that follow
// from the input buffer itself, and stops right after a complete one: RapidJSON, back from the
// handler, is then where it expects to be (after an element), and takes the next separator.
//
// Only what gives exactly RapidJSON's value is read here: a plain decimal (no sign or exponent,
// no leading zero, at most 7 digits before and 7 after the point), whose value RapidJSON's
// default (normal precision) parse computes as significand / 10^fraction digits, both exact in a
// double, so one correctly rounded division. Anything else, or an element cut by the end of the
// buffer, stays for RapidJSON, as does the comma before it.
#include "core/formats/speedscope_handler.h"
#include "core/formats/speedscope_scan.h"

namespace spyglass::speedscope {

namespace {

constexpr double kPow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7};
constexpr uint32_t kPow10Int[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000};

} // namespace

void SaxHandler::readWeightsFast() {
    const char* const end = input_.bufferEnd();
    const char* p = input_.cursor(); // just after the element RapidJSON read
    Level& level = levels_.back();
    auto& values = *series().values;
    for (;;) {
        const char* q = scan::skipSpace(p);
        if (*q != ',') break;
        q = scan::skipSpace(q + 1);
        uint32_t whole = 0;
        const unsigned wholeDigits = scan::plainInteger(q, whole);
        if (wholeDigits == 0) break;
        const char* r = q + wholeDigits;
        uint64_t significand = whole;
        unsigned fractionDigits = 0;
        if (*r == '.') {
            uint32_t fraction = 0;
            fractionDigits = scan::digitRun(r + 1, fraction);
            if (fractionDigits == 0 || fractionDigits == 8) break;
            significand = significand * kPow10Int[fractionDigits] + fraction;
            r += 1 + fractionDigits;
        }
        // Where RapidJSON's number ends too, and a complete one (not cut by the buffer).
        if (*r == '.' || *r == 'e' || *r == 'E' || r >= end) break;
        values.push_back(static_cast<double>(significand) / kPow10[fractionDigits]);
        ++level.count;
        p = r;
    }
    input_.skipTo(p);
}

} // namespace spyglass::speedscope
