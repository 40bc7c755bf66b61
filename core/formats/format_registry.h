#pragma once
// The per-format readers and writers behind profile_io.h, one file each.
#include <memory>

#include "core/formats/byte_io.h"
#include "core/formats/profile_io.h"

namespace spyglass {

using ProfileResult = Result<std::unique_ptr<Profile>>;

ProfileResult readCollapsed(InputSource& in, const ReadOptions& options);
ProfileResult readSpeedscope(InputSource& in, const ReadOptions& options);
ProfileResult readAustin(InputSource& in, const ReadOptions& options);
ProfileResult readSpyglass(InputSource& in, const ReadOptions& options);

Result<void> writeCollapsed(const Profile& p, OutputSink& out, const WriteOptions& options);
Result<void> writeSpeedscope(const Profile& p, OutputSink& out, const WriteOptions& options);
Result<void> writeSpyglass(const Profile& p, OutputSink& out, const WriteOptions& options);
Result<void> writeSvgFlamegraph(const Profile& p, OutputSink& out, const WriteOptions& options);

// The first bytes of our own format.
inline constexpr std::string_view kSpyglassMagic = "\x89SPYGLASS\r\n\x1a\n";

} // namespace spyglass
