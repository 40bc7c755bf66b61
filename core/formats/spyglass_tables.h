#pragma once
// The table decoders of the Spyglass format reader (internal to spyglass_reader.cpp): one section's
// records, already checked for length and checksum, decoded into the model with every id checked.
#include "core/formats/spyglass_format.h"
#include "core/formats/spyglass_meta.h"
#include "core/model/profile.h"

#include <cstdint>
#include <string>
#include <vector>

namespace spyglass::spyfmt {

// Decodes one section's records into the model. `done` counts the table's records so far.
class TableLoader {
  public:
    TableLoader(Profile& p, const TableCounts& counts) : p_(p), counts_(counts) {}

    bool strings(Decoder& d, size_t n, uint64_t& done);
    bool functions(Decoder& d, size_t n, uint64_t& done);
    bool frames(Decoder& d, size_t n, uint64_t& done);
    bool stacks(Decoder& d, size_t n, uint64_t& done);
    bool threads(Decoder& d, size_t n, uint64_t& done);
    bool samples(Decoder& d, size_t n, uint64_t& done);
    std::string problem;

  private:
    bool fail(std::string what) {
        problem = std::move(what);
        return false;
    }
    bool column(Decoder& d, size_t n, std::vector<uint64_t>& out, uint64_t limit,
                const char* what) {
        out.resize(n);
        for (size_t i = 0; i < n; ++i)
            if (!d.varint(out[i]) || out[i] >= limit)
                return fail(std::string(what) + " of record " + std::to_string(i) +
                            " is out of range");
        return true;
    }

    // n varint ids below limit into ids_.
    bool idColumn(Decoder& d, size_t n, uint64_t limit, const char* what) {
        ids_.resize(n);
        for (size_t i = 0; i < n; ++i) {
            uint64_t v;
            if (!d.varint(v) || v >= limit)
                return fail(std::string(what) + " of record " + std::to_string(i) +
                            " is out of range");
            ids_[i] = static_cast<uint32_t>(v);
        }
        return true;
    }

    Profile& p_;
    const TableCounts& counts_;
    std::vector<uint64_t> a_, b_, c_, d_;
    std::vector<uint32_t> ids_;
};

} // namespace spyglass::spyfmt
