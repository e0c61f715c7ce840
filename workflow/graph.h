// Renders the transition table for people: Mermaid (for the docs) and Graphviz DOT.
#pragma once

#include <string>

namespace usulan::workflow {

std::string RenderMermaid();
std::string RenderDot();

}  // namespace usulan::workflow
