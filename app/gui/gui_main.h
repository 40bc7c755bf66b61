#pragma once

namespace spyglass::gui {

// Starts the desktop application; argv may name a profile to open.
int run(int argc, char** argv);

} // namespace spyglass::gui
