#pragma once
// Where the fields the stack reader needs sit inside CPython's structures, for one minor version.
//
// 2.7 and 3.6–3.13 come from core/cpython/generated/offsets_table.cpp, written by
// tools/cpython_offsets/generate.py from each interpreter's own headers. For 3.13+ the reader
// overlays the target's own _Py_DebugOffsets (see debug_offsets.h) on top of that table.
// Every field is a byte offset; kAbsent marks a field the version does not have.
#include <cstdint>
#include <string>

namespace spyglass::cpython {

inline constexpr int32_t kAbsent = -1;

struct PyOffsets {
    int major = 0;
    int minor = 0;

    struct {
        int32_t ob_type = kAbsent;
        int32_t ob_size = kAbsent; // PyVarObject
    } object;
    struct {
        int32_t tp_name = kAbsent;
        int32_t tp_basicsize = kAbsent;
        int32_t tp_dictoffset = kAbsent;
        int32_t tp_flags = kAbsent;
        int32_t ht_cached_keys = kAbsent; // PyHeapTypeObject: shared keys of split instance dicts
    } type;
    struct {
        // PEP 393 strings (3.x).
        int32_t ascii_size = kAbsent;   // sizeof(PyASCIIObject): data of an ASCII compact string
        int32_t compact_size = kAbsent; // sizeof(PyCompactUnicodeObject): data of other compact ones
        int32_t length = kAbsent;
        int32_t state = kAbsent;    // the 32-bit word holding the bit fields below
        int32_t data_any = kAbsent; // PyUnicodeObject.data.any for non-compact strings
        int32_t kind_shift = kAbsent;
        int32_t kind_mask = kAbsent;
        int32_t compact_shift = kAbsent;
        int32_t ascii_shift = kAbsent;
        // 2.7 unicode: a Py_UNICODE* buffer of `length` code units of `py2_unicode_size` bytes.
        int32_t py2_str = kAbsent;
        int32_t py2_unicode_size = kAbsent;
    } unicode;
    struct {
        int32_t ob_sval = kAbsent; // PyBytesObject (3.x) / PyStringObject (2.7); size is ob_size
    } bytes;
    struct {
        int32_t ob_item = kAbsent;
    } tuple;
    struct {
        int32_t ob_digit = kAbsent;
        int32_t lv_tag = kAbsent; // 3.12+: sign and digit count; earlier ob_size
        int32_t shift = kAbsent;  // PyLong_SHIFT
        int32_t py2_ob_ival = kAbsent;
    } integer;
    struct {
        int32_t ob_fval = kAbsent;
    } floating;
    struct {
        int32_t ma_used = kAbsent;
        int32_t ma_keys = kAbsent;   // 3.x
        int32_t ma_values = kAbsent; // 3.x, split tables
        int32_t ma_mask = kAbsent;   // 2.7
        int32_t ma_table = kAbsent;  // 2.7
        // PyDictKeysObject (3.x)
        int32_t dk_size = kAbsent;      // 3.6–3.10: Py_ssize_t entry-slot count
        int32_t dk_log2_size = kAbsent; // 3.11+: uint8
        int32_t dk_log2_index_bytes = kAbsent; // 3.11+: uint8
        int32_t dk_kind = kAbsent;      // 3.11+: uint8 (0 general, else unicode-keys entries)
        int32_t dk_nentries = kAbsent;
        int32_t dk_indices = kAbsent;
        int32_t entry_size = kAbsent;         // PyDictKeyEntry (hash, key, value)
        int32_t unicode_entry_size = kAbsent; // 3.11+ PyDictUnicodeEntry (key, value)
        int32_t values_values = kAbsent;      // offsetof(PyDictValues, values), 3.11+
    } dict;
    struct {
        int32_t md_dict = kAbsent;
    } module;
    struct {
        int32_t size = kAbsent;
        int32_t argcount = kAbsent;
        int32_t nlocals = kAbsent;     // ≤3.10
        int32_t nlocalsplus = kAbsent; // 3.11+
        int32_t stacksize = kAbsent;   // 3.11+: frame = localsplus specials + nlocalsplus + stacksize slots
        int32_t flags = kAbsent;
        int32_t firstlineno = kAbsent;
        int32_t code = kAbsent;          // ≤3.10: co_code bytes object
        int32_t code_adaptive = kAbsent; // 3.11+: bytecode stored inline
        int32_t varnames = kAbsent;      // ≤3.10 tuple
        int32_t localsplusnames = kAbsent; // 3.11+ tuple
        int32_t localspluskinds = kAbsent; // 3.11+ bytes
        int32_t filename = kAbsent;
        int32_t name = kAbsent;
        int32_t qualname = kAbsent; // 3.11+
        int32_t linetable = kAbsent; // co_lnotab (≤3.9) or co_linetable (3.10+)
    } code;
    struct {
        // PyFrameObject, the frames of ≤3.10.
        int32_t size = kAbsent;
        int32_t f_back = kAbsent;
        int32_t f_code = kAbsent;
        int32_t f_lasti = kAbsent; // bytes ≤3.9, code units in 3.10
        int32_t f_lineno = kAbsent;
        int32_t f_localsplus = kAbsent;
    } frame;
    struct {
        // _PyInterpreterFrame, 3.11+.
        int32_t size = kAbsent; // up to localsplus
        int32_t code = kAbsent; // f_code / f_executable
        int32_t previous = kAbsent;
        int32_t instr = kAbsent; // prev_instr (3.11/3.12) / instr_ptr (3.13+)
        int32_t localsplus = kAbsent;
        int32_t owner = kAbsent;
        int32_t is_entry = kAbsent; // 3.11 only
    } iframe;
    struct {
        int32_t size = kAbsent;
        int32_t prev = kAbsent; // 3.6+: the list of thread states is doubly linked
        int32_t next = kAbsent;
        int32_t interp = kAbsent;
        int32_t frame = kAbsent;         // ≤3.10
        int32_t cframe = kAbsent;        // 3.11, 3.12
        int32_t current_frame = kAbsent; // 3.13+
        int32_t thread_id = kAbsent;
        int32_t native_thread_id = kAbsent; // 3.11+
        int32_t id = kAbsent;               // 3.7–3.10: unique per thread state, never reused
        int32_t datastack_chunk = kAbsent;  // 3.11+
        int32_t datastack_top = kAbsent;    // 3.11+
    } tstate;
    struct {
        int32_t current_frame = kAbsent; // _PyCFrame, 3.11/3.12
    } cframe;
    struct {
        int32_t previous = kAbsent; // _PyStackChunk, 3.11+
        int32_t size = kAbsent;
        int32_t top = kAbsent;
        int32_t data = kAbsent;
    } chunk;
    struct {
        int32_t size = kAbsent;
        int32_t next = kAbsent;
        int32_t tstate_head = kAbsent;
        int32_t modules = kAbsent;
        int32_t ceval_gil = kAbsent; // 3.12+: pointer to the _gil_runtime_state in use
    } interp;
    struct {
        int32_t interpreters_head = kAbsent; // _PyRuntimeState, 3.7+
        int32_t tstate_current = kAbsent;    // 3.7–3.11: gilstate.tstate_current
        int32_t gil_locked = kAbsent;        // 3.7–3.11: ceval.gil.locked
        int32_t gil_last_holder = kAbsent;   // 3.7–3.11: ceval.gil.last_holder
    } runtime;
    struct {
        int32_t locked = kAbsent; // _gil_runtime_state, 3.12+ (through interp.ceval_gil)
        int32_t last_holder = kAbsent;
    } gil;
};

// The generated table entry for major.minor, or nullptr when the version is not in the table.
const PyOffsets* generatedOffsets(int major, int minor);

// Versions present in the generated table, "2.7 3.6 ...", for messages.
std::string generatedVersionList();

} // namespace spyglass::cpython
