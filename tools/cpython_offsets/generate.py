#!/usr/bin/env python3
"""Writes core/cpython/generated/offsets_table.cpp from the headers of installed interpreters.

For every interpreter under $PYENV_ROOT/versions (fallback ~/.pyenv/versions), this compiles a
small C program against that interpreter's own include/pythonX.Y (with Py_BUILD_CORE for the
internal headers where the structures live), runs it, and collects offsetof()/sizeof() of the
fields the stack reader uses (the keys of spyglass::cpython::PyOffsets in core/cpython/offsets.h).
One entry per minor version: the newest patch release found wins. The layouts read by the reader
do not change between patch releases of one minor version.

Usage:  tools/cpython_offsets/generate.py [--root PYENV_ROOT] [--out FILE] [--cc CC]
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

# (key, C expression, first version, last version). Versions are (major, minor) tuples.
ALL = ((2, 7), (9, 99))
PY3 = ((3, 0), (9, 99))
FIELDS = [
    ("object.ob_type", "offsetof(PyObject, ob_type)", *ALL),
    ("object.ob_size", "offsetof(PyVarObject, ob_size)", *ALL),
    ("type.tp_name", "offsetof(PyTypeObject, tp_name)", *ALL),
    ("type.tp_basicsize", "offsetof(PyTypeObject, tp_basicsize)", *ALL),
    ("type.tp_dictoffset", "offsetof(PyTypeObject, tp_dictoffset)", *ALL),
    ("type.tp_flags", "offsetof(PyTypeObject, tp_flags)", *ALL),
    ("type.ht_cached_keys", "offsetof(PyHeapTypeObject, ht_cached_keys)", (3, 3), (9, 99)),
    ("unicode.ascii_size", "sizeof(PyASCIIObject)", *PY3),
    ("unicode.compact_size", "sizeof(PyCompactUnicodeObject)", *PY3),
    ("unicode.length", "offsetof(PyASCIIObject, length)", *PY3),
    ("unicode.state", "offsetof(PyASCIIObject, state)", *PY3),
    ("unicode.data_any", "offsetof(PyUnicodeObject, data)", *PY3),
    ("unicode.py2_str", "offsetof(PyUnicodeObject, str)", (2, 7), (2, 7)),
    ("unicode.length", "offsetof(PyUnicodeObject, length)", (2, 7), (2, 7)),
    ("unicode.py2_unicode_size", "Py_UNICODE_SIZE", (2, 7), (2, 7)),
    ("bytes.ob_sval", "offsetof(PyBytesObject, ob_sval)", *PY3),
    ("bytes.ob_sval", "offsetof(PyStringObject, ob_sval)", (2, 7), (2, 7)),
    ("tuple.ob_item", "offsetof(PyTupleObject, ob_item)", *ALL),
    ("integer.ob_digit", "offsetof(PyLongObject, ob_digit)", (2, 7), (3, 11)),
    ("integer.ob_digit", "offsetof(PyLongObject, long_value.ob_digit)", (3, 12), (9, 99)),
    ("integer.lv_tag", "offsetof(PyLongObject, long_value.lv_tag)", (3, 12), (9, 99)),
    ("integer.shift", "PyLong_SHIFT", *ALL),
    ("integer.py2_ob_ival", "offsetof(PyIntObject, ob_ival)", (2, 7), (2, 7)),
    ("floating.ob_fval", "offsetof(PyFloatObject, ob_fval)", *ALL),
    ("dict.ma_used", "offsetof(PyDictObject, ma_used)", *ALL),
    ("dict.ma_mask", "offsetof(PyDictObject, ma_mask)", (2, 7), (2, 7)),
    ("dict.ma_table", "offsetof(PyDictObject, ma_table)", (2, 7), (2, 7)),
    ("dict.entry_size", "sizeof(PyDictEntry)", (2, 7), (2, 7)),
    ("dict.ma_keys", "offsetof(PyDictObject, ma_keys)", *PY3),
    ("dict.ma_values", "offsetof(PyDictObject, ma_values)", *PY3),
    ("dict.dk_log2_size", "offsetof(PyDictKeysObject, dk_log2_size)", (3, 11), (9, 99)),
    ("dict.dk_log2_index_bytes", "offsetof(PyDictKeysObject, dk_log2_index_bytes)", (3, 11), (9, 99)),
    ("dict.dk_kind", "offsetof(PyDictKeysObject, dk_kind)", (3, 11), (9, 99)),
    ("dict.dk_nentries", "offsetof(PyDictKeysObject, dk_nentries)", (3, 11), (9, 99)),
    ("dict.dk_indices", "offsetof(PyDictKeysObject, dk_indices)", (3, 11), (9, 99)),
    ("dict.entry_size", "sizeof(PyDictKeyEntry)", (3, 11), (9, 99)),
    ("dict.unicode_entry_size", "sizeof(PyDictUnicodeEntry)", (3, 11), (9, 99)),
    ("dict.values_values", "offsetof(PyDictValues, values)", (3, 11), (9, 99)),
    ("module.md_dict", "offsetof(PyModuleObject, md_dict)", (3, 10), (9, 99)),
    ("code.size", "sizeof(PyCodeObject)", *ALL),
    ("code.argcount", "offsetof(PyCodeObject, co_argcount)", *ALL),
    ("code.nlocals", "offsetof(PyCodeObject, co_nlocals)", (2, 7), (3, 10)),
    ("code.nlocalsplus", "offsetof(PyCodeObject, co_nlocalsplus)", (3, 11), (9, 99)),
    ("code.stacksize", "offsetof(PyCodeObject, co_stacksize)", *ALL),
    ("code.flags", "offsetof(PyCodeObject, co_flags)", *ALL),
    ("code.firstlineno", "offsetof(PyCodeObject, co_firstlineno)", *ALL),
    ("code.code", "offsetof(PyCodeObject, co_code)", (2, 7), (3, 10)),
    ("code.code_adaptive", "offsetof(PyCodeObject, co_code_adaptive)", (3, 11), (9, 99)),
    ("code.varnames", "offsetof(PyCodeObject, co_varnames)", (2, 7), (3, 10)),
    ("code.localsplusnames", "offsetof(PyCodeObject, co_localsplusnames)", (3, 11), (9, 99)),
    ("code.localspluskinds", "offsetof(PyCodeObject, co_localspluskinds)", (3, 11), (9, 99)),
    ("code.filename", "offsetof(PyCodeObject, co_filename)", *ALL),
    ("code.name", "offsetof(PyCodeObject, co_name)", *ALL),
    ("code.qualname", "offsetof(PyCodeObject, co_qualname)", (3, 11), (9, 99)),
    ("code.linetable", "offsetof(PyCodeObject, co_lnotab)", (2, 7), (3, 9)),
    ("code.linetable", "offsetof(PyCodeObject, co_linetable)", (3, 10), (9, 99)),
    ("frame.size", "offsetof(PyFrameObject, f_localsplus)", (2, 7), (3, 10)),
    ("frame.f_back", "offsetof(PyFrameObject, f_back)", (2, 7), (3, 10)),
    ("frame.f_code", "offsetof(PyFrameObject, f_code)", (2, 7), (3, 10)),
    ("frame.f_lasti", "offsetof(PyFrameObject, f_lasti)", (2, 7), (3, 10)),
    ("frame.f_lineno", "offsetof(PyFrameObject, f_lineno)", (2, 7), (3, 10)),
    ("frame.f_localsplus", "offsetof(PyFrameObject, f_localsplus)", (2, 7), (3, 10)),
    ("iframe.size", "offsetof(_PyInterpreterFrame, localsplus)", (3, 11), (9, 99)),
    ("iframe.code", "offsetof(_PyInterpreterFrame, f_code)", (3, 11), (3, 12)),
    ("iframe.code", "offsetof(_PyInterpreterFrame, f_executable)", (3, 13), (9, 99)),
    ("iframe.previous", "offsetof(_PyInterpreterFrame, previous)", (3, 11), (9, 99)),
    ("iframe.instr", "offsetof(_PyInterpreterFrame, prev_instr)", (3, 11), (3, 12)),
    ("iframe.instr", "offsetof(_PyInterpreterFrame, instr_ptr)", (3, 13), (9, 99)),
    ("iframe.localsplus", "offsetof(_PyInterpreterFrame, localsplus)", (3, 11), (9, 99)),
    ("iframe.owner", "offsetof(_PyInterpreterFrame, owner)", (3, 11), (9, 99)),
    ("iframe.is_entry", "offsetof(_PyInterpreterFrame, is_entry)", (3, 11), (3, 11)),
    ("tstate.size", "sizeof(PyThreadState)", *ALL),
    ("tstate.prev", "offsetof(PyThreadState, prev)", (3, 6), (9, 99)),
    ("tstate.next", "offsetof(PyThreadState, next)", *ALL),
    ("tstate.interp", "offsetof(PyThreadState, interp)", *ALL),
    ("tstate.frame", "offsetof(PyThreadState, frame)", (2, 7), (3, 10)),
    ("tstate.cframe", "offsetof(PyThreadState, cframe)", (3, 11), (3, 12)),
    ("tstate.current_frame", "offsetof(PyThreadState, current_frame)", (3, 13), (9, 99)),
    ("tstate.thread_id", "offsetof(PyThreadState, thread_id)", *ALL),
    ("tstate.native_thread_id", "offsetof(PyThreadState, native_thread_id)", (3, 11), (9, 99)),
    ("tstate.id", "offsetof(PyThreadState, id)", (3, 7), (3, 10)),
    ("tstate.datastack_chunk", "offsetof(PyThreadState, datastack_chunk)", (3, 11), (9, 99)),
    ("tstate.datastack_top", "offsetof(PyThreadState, datastack_top)", (3, 11), (9, 99)),
    ("cframe.current_frame", "offsetof(_PyCFrame, current_frame)", (3, 11), (3, 12)),
    ("chunk.previous", "offsetof(_PyStackChunk, previous)", (3, 11), (9, 99)),
    ("chunk.size", "offsetof(_PyStackChunk, size)", (3, 11), (9, 99)),
    ("chunk.top", "offsetof(_PyStackChunk, top)", (3, 11), (9, 99)),
    ("chunk.data", "offsetof(_PyStackChunk, data)", (3, 11), (9, 99)),
    ("interp.size", "sizeof(PyInterpreterState)", *ALL),
    ("interp.next", "offsetof(PyInterpreterState, next)", *ALL),
    ("interp.tstate_head", "offsetof(PyInterpreterState, tstate_head)", (2, 7), (3, 10)),
    ("interp.tstate_head", "offsetof(PyInterpreterState, threads.head)", (3, 11), (9, 99)),
    ("interp.modules", "offsetof(PyInterpreterState, modules)", (2, 7), (3, 11)),
    ("interp.modules", "offsetof(PyInterpreterState, imports.modules)", (3, 12), (9, 99)),
    ("interp.ceval_gil", "offsetof(PyInterpreterState, ceval.gil)", (3, 12), (9, 99)),
    ("runtime.interpreters_head", "offsetof(_PyRuntimeState, interpreters.head)", (3, 7), (9, 99)),
    ("runtime.tstate_current", "offsetof(_PyRuntimeState, gilstate.tstate_current)", (3, 7), (3, 11)),
    ("runtime.gil_locked", "offsetof(_PyRuntimeState, ceval.gil.locked)", (3, 7), (3, 11)),
    ("runtime.gil_last_holder", "offsetof(_PyRuntimeState, ceval.gil.last_holder)", (3, 7), (3, 11)),
    ("gil.locked", "offsetof(struct _gil_runtime_state, locked)", (3, 12), (9, 99)),
    ("gil.last_holder", "offsetof(struct _gil_runtime_state, last_holder)", (3, 12), (9, 99)),
]

# Layouts of structures whose headers are not installed (Objects/dict-common.h of 3.6–3.10,
# Objects/moduleobject.c before 3.10); they did not change over those versions.
CONSTANTS = [
    ("dict.dk_size", 8, (3, 6), (3, 10)),
    ("dict.dk_nentries", 32, (3, 6), (3, 10)),
    ("dict.dk_indices", 40, (3, 6), (3, 10)),
    ("dict.entry_size", 24, (3, 6), (3, 10)),
    ("module.md_dict", 16, (2, 7), (3, 9)),
]

# Headers per version range; internal ones need Py_BUILD_CORE.
HEADERS = [
    ("Python.h", *ALL),
    ("frameobject.h", (2, 7), (3, 10)),
    ("code.h", (2, 7), (3, 10)),
    ("longintrepr.h", (2, 7), (3, 10)),
    ("internal/pystate.h", (3, 7), (3, 7)),
    ("internal/pycore_pystate.h", (3, 8), (9, 99)),
    ("internal/pycore_interp.h", (3, 9), (9, 99)),
    ("internal/pycore_runtime.h", (3, 9), (9, 99)),
    ("internal/pycore_moduleobject.h", (3, 10), (9, 99)),
    ("internal/pycore_frame.h", (3, 11), (9, 99)),
    ("internal/pycore_code.h", (3, 11), (9, 99)),
    ("internal/pycore_dict.h", (3, 11), (9, 99)),
    ("internal/pycore_gil.h", (3, 12), (9, 99)),
]

# Bit positions inside PyASCIIObject.state, found by setting each bit field in a zeroed object.
STATE_BITS = r"""
static void state_bits(void) {
    PyASCIIObject a;
    unsigned int w;
    memset(&a, 0, sizeof a); a.state.kind = 7;
    memcpy(&w, &a.state, sizeof w);
    printf("unicode.kind_shift %d\nunicode.kind_mask %u\n", __builtin_ctz(w), w >> __builtin_ctz(w));
    memset(&a, 0, sizeof a); a.state.compact = 1;
    memcpy(&w, &a.state, sizeof w);
    printf("unicode.compact_shift %d\n", __builtin_ctz(w));
    memset(&a, 0, sizeof a); a.state.ascii = 1;
    memcpy(&w, &a.state, sizeof w);
    printf("unicode.ascii_shift %d\n", __builtin_ctz(w));
}
"""


def in_range(v, lo, hi):
    return lo <= v <= hi


def interpreter_version(include_dir):
    text = (include_dir / "patchlevel.h").read_text()
    get = lambda name: re.search(r"#define\s+%s\s+(\S+)" % name, text).group(1)
    return (int(get("PY_MAJOR_VERSION")), int(get("PY_MINOR_VERSION"))), get("PY_VERSION").strip('"')


def c_program(v):
    lines = ["#define Py_BUILD_CORE 1"]
    lines += ['#include "%s"' % h for h, lo, hi in HEADERS if in_range(v, lo, hi)]
    lines += ["#include <stddef.h>", "#include <stdio.h>", "#include <string.h>"]
    if v >= (3, 0):
        lines.append(STATE_BITS)
    lines.append("int main(void) {")
    for key, expr, lo, hi in FIELDS:
        if in_range(v, lo, hi):
            lines.append('    printf("%s %%ld\\n", (long)(%s));' % (key, expr))
    if v >= (3, 0):
        lines.append("    state_bits();")
    lines += ["    return 0;", "}"]
    return "\n".join(lines) + "\n"


def measure(include_dir, v, cc):
    with tempfile.TemporaryDirectory() as tmp:
        src, exe = Path(tmp, "offsets.c"), Path(tmp, "offsets")
        src.write_text(c_program(v))
        cmd = [cc, "-std=gnu11", "-w", "-I", str(include_dir), "-I", str(include_dir / "internal"),
               str(src), "-o", str(exe)]
        subprocess.run(cmd, check=True)
        out = subprocess.run([str(exe)], check=True, capture_output=True, text=True).stdout
    values = dict(line.split() for line in out.splitlines())
    for key, value, lo, hi in CONSTANTS:
        if in_range(v, lo, hi):
            values[key] = str(value)
    return values


def emit(entries, root):
    out = [
        "// GENERATED by tools/cpython_offsets/generate.py -- do not edit by hand.",
        "// Regenerate: python3 tools/cpython_offsets/generate.py  (reads $PYENV_ROOT/versions,",
        "// fallback ~/.pyenv/versions; compiles a probe against each interpreter's own headers).",
        "// Sources: " + ", ".join(full for _, full, _ in entries),
        '#include "core/cpython/offsets.h"',
        "",
        "namespace spyglass::cpython {",
        "",
        "namespace {",
        "",
    ]
    for v, full, values in entries:
        out.append("// CPython %s" % full)
        out.append("PyOffsets makeOffsets%d%d() {" % v)
        out.append("    PyOffsets o;")
        out.append("    o.major = %d;" % v[0])
        out.append("    o.minor = %d;" % v[1])
        for key in sorted(values):
            out.append("    o.%s = %s;" % (key, values[key]))
        out.append("    return o;")
        out.append("}")
        out.append("")
    out.append("const PyOffsets kTable[] = {")
    for v, _, _ in entries:
        out.append("    makeOffsets%d%d()," % v)
    out.append("};")
    out.append("")
    out.append("} // namespace")
    out.append("")
    out.append("const PyOffsets* generatedOffsets(int major, int minor) {")
    out.append("    for (const PyOffsets& o : kTable)")
    out.append("        if (o.major == major && o.minor == minor) return &o;")
    out.append("    return nullptr;")
    out.append("}")
    out.append("")
    out.append("std::string generatedVersionList() { return \"%s\"; }" %
               " ".join("%d.%d" % v for v, _, _ in entries))
    out.append("")
    out.append("} // namespace spyglass::cpython")
    return "\n".join(out) + "\n"


def main():
    here = Path(__file__).resolve()
    default_root = os.environ.get("PYENV_ROOT") or str(Path.home() / ".pyenv")
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", default=default_root)
    ap.add_argument("--out", default=str(here.parents[2] / "core/cpython/generated/offsets_table.cpp"))
    ap.add_argument("--cc", default=os.environ.get("CC", "cc"))
    args = ap.parse_args()

    newest = {}
    for prefix in sorted(Path(args.root, "versions").glob("*")):
        includes = [d for d in prefix.glob("include/python*") if (d / "patchlevel.h").exists()]
        if not includes:
            print("skipped %s: no include/pythonX.Y" % prefix, file=sys.stderr)
            continue
        v, full = interpreter_version(includes[0])
        key = tuple(int(x) for x in re.findall(r"\d+", full)[:3])
        if v not in newest or key > newest[v][0]:
            newest[v] = (key, full, includes[0])
    entries = []
    for v in sorted(newest):
        _, full, inc = newest[v]
        print("measuring CPython %s from %s" % (full, inc), file=sys.stderr)
        entries.append((v, full, measure(inc, v, args.cc)))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(emit(entries, args.root))
    print("wrote %s (%s)" % (args.out, ", ".join(f for _, f, _ in entries)), file=sys.stderr)


if __name__ == "__main__":
    main()
