// Placeholder until this writer is written.
#include "core/formats/format_registry.h"

namespace spyglass {

Result<void> writeSpeedscope(const Profile&, OutputSink& out, const WriteOptions&) {
    return makeError(out.name() + ": this format cannot be written yet");
}

} // namespace spyglass
