// Reads a GEXF or GraphML file with graphology-gexf / graphology-graphml, the parsers Gephi Lite uses, and
// prints its nodes and edges as JSON: what a Gephi user sees (a node's label) is checked, not what networkx reads.
// Usage: node tests/js/read_graph.mjs gexf|graphml FILE
import { readFileSync } from "node:fs";
import Graph from "graphology";
import gexf from "graphology-gexf";
import graphml from "graphology-graphml";

const [kind, file] = process.argv.slice(2);
const parsers = { gexf, graphml };
if (!parsers[kind] || !file) {
  console.error("usage: node read_graph.mjs gexf|graphml FILE");
  process.exit(2);
}
const graph = parsers[kind].parse(Graph, readFileSync(file, "utf8"));
const nodes = graph.mapNodes((id, attributes) => ({ id, attributes }));
const edges = graph.mapEdges((edge, attributes, source, target) => ({ source, target, attributes }));
process.stdout.write(JSON.stringify({ nodes, edges }));
