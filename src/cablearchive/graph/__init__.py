"""The reference graph: who cites whom, who wrote to whom (analysis over what is stored).

Pure computations over rows the store hands over; the results go back through `store/`:
- `citations`: citations in and out, PageRank, threads (connected components) of the graph of
  REF lines, cables cited but not in the archive kept as ghost nodes;
- `threads`: the conversation around one cable, followed both ways, bounded;
- `network`: posts and addressees from FM, TO and INFO, counted per year, with GraphML, GEXF
  and CSV writers.
"""

from cablearchive.graph.citations import Analysis, Component, NodeMetrics, analyse_citations
from cablearchive.graph.network import Network, NetworkEdge, NetworkNode, build_network
from cablearchive.graph.threads import Thread, ThreadEdge, ThreadNode, follow_thread

__all__ = [
    "Analysis",
    "Component",
    "Network",
    "NetworkEdge",
    "NetworkNode",
    "NodeMetrics",
    "Thread",
    "ThreadEdge",
    "ThreadNode",
    "analyse_citations",
    "build_network",
    "follow_thread",
]
