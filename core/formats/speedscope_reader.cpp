// Placeholder until this reader is written.
#include "core/formats/format_registry.h"

namespace spyglass {

ProfileResult readSpeedscope(InputSource& in, const ReadOptions&) {
    return makeError(in.name() + ": this format cannot be read yet");
}

} // namespace spyglass
