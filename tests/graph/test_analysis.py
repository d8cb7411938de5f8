import networkx as nx

from nerpipe.graph.analysis import (
    build_graph,
    centrality,
    common_neighbours,
    communities,
    components,
    ego_network,
    filter_graph,
    shortest_path,
    top_nodes,
)
from nerpipe.graph.cooccur import cooccurrence_edges
from nerpipe.graph.entities import build_entities
from tests.graph.helpers import mentions_in

TEXT = (
    "Ana met Bob. Bob met Cruz. Cruz met Dora. Dora met Ana. "
    "Eve met Finn. Finn met Gus. Gus met Eve. Dora met Eve. Hal stood alone."
)
PEOPLE = [(name, "PERSON") for name in ("Ana", "Bob", "Cruz", "Dora", "Eve", "Finn", "Gus", "Hal")]


def graph():
    index = build_entities(mentions_in("d", TEXT, PEOPLE))
    return build_graph(index.entities, cooccurrence_edges(index, {"d": TEXT}))


def test_measures_on_a_two_cluster_graph():
    g = graph()
    scores = centrality(g)
    assert scores.degree["PERSON:dora"] == 3 and scores.degree["PERSON:hal"] == 0
    assert max(scores.betweenness, key=scores.betweenness.get) in {"PERSON:dora", "PERSON:eve"}
    assert abs(sum(scores.pagerank.values()) - 1) < 1e-6
    assert scores.betweenness_sample is None
    assert top_nodes(g, scores, "degree", 2) == ["PERSON:dora", "PERSON:eve"]


def test_betweenness_is_sampled_above_the_threshold_and_says_so():
    big = nx.path_graph(60)
    nx.set_node_attributes(big, 1, "mentions")
    scores = centrality(big, sample_above=20)
    assert scores.betweenness_sample == 20


def test_communities_are_deterministic_and_split_the_clusters():
    first, second = communities(graph()), communities(graph())
    assert first == second
    assert first["PERSON:ana"] == first["PERSON:bob"] != first["PERSON:finn"] == first["PERSON:gus"]


def test_path_ego_common_neighbours_components():
    g = graph()
    hops = shortest_path(g, "PERSON:bob", "PERSON:finn")
    assert [h.source for h in hops] + [hops[-1].target] in (
        ["PERSON:bob", "PERSON:ana", "PERSON:dora", "PERSON:eve", "PERSON:finn"],
        ["PERSON:bob", "PERSON:cruz", "PERSON:dora", "PERSON:eve", "PERSON:finn"],
    )
    assert all(h.evidence and "«" in h.evidence[0].text for h in hops)
    assert shortest_path(g, "PERSON:bob", "PERSON:hal") == []
    assert shortest_path(g, "PERSON:bob", "PERSON:nobody") == []
    assert set(ego_network(g, "PERSON:eve", 1)) == {"PERSON:eve", "PERSON:dora", "PERSON:finn", "PERSON:gus"}
    assert common_neighbours(g, "PERSON:ana", "PERSON:cruz") == ["PERSON:bob", "PERSON:dora"]
    assert [len(c) for c in components(g)] == [7, 1]


def test_filters():
    g = graph()
    assert filter_graph(g, labels={"ORG"}).number_of_nodes() == 0
    assert filter_graph(g, min_weight=2).number_of_edges() == 0
    assert filter_graph(g, documents={"other"}).number_of_edges() == 0
    assert filter_graph(g, min_mentions=3).number_of_nodes() == 2  # Dora and Eve are named three times
