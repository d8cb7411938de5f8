from nerpipe.graph.analysis import shortest_path
from nerpipe.graph.chart import build_link_chart, linked_only
from nerpipe.labels import default_chart_labels
from tests.graph.helpers import mentions_in

# A date in both sentences would be the only bridge between the two groups.
TEXT = (
    "On March 14, 2026 Maria Lopez sold heroin to the Crips, 40 grams, said the Mexican agent.\n\n"
    "On March 14, 2026 Ana Ruiz called 555-0100 about the Sinaloa Cartel."
)
NAMES = [
    ("March 14, 2026", "DATE"),
    ("Maria Lopez", "PERSON"),
    ("heroin", "DRUG"),
    ("Crips", "GANG_ORG"),
    ("40 grams", "QUANTITY"),
    ("Mexican", "NORP"),
    ("Ana Ruiz", "PERSON"),
    ("555-0100", "PHONE"),
    ("Sinaloa Cartel", "GANG_ORG"),
]


def chart(**options):
    return build_link_chart(mentions_in("d", TEXT, NAMES), {"d": TEXT}, **options)


def test_by_default_the_chart_draws_what_an_analyst_links():
    drawn = {data["label"] for _, data in chart().graph.nodes(data=True)}
    assert drawn == {"PERSON", "DRUG", "GANG_ORG", "PHONE"}  # PHONE: a label from an analyst's patterns
    assert default_chart_labels(["DATE", "TIME", "MONEY", "CARDINAL", "WEAPON", "FAC"]) == {"WEAPON", "FAC"}


def test_paths_do_not_run_through_dates_unless_dates_are_chosen():
    default = chart()
    assert shortest_path(default.graph, "PERSON:maria lopez", "PERSON:ana ruiz") == []
    with_dates = chart(labels={"PERSON", "DATE"})
    hops = shortest_path(with_dates.graph, "PERSON:maria lopez", "PERSON:ana ruiz")
    assert [hop.target for hop in hops] == ["DATE:march 14, 2026", "PERSON:ana ruiz"]


def test_every_entity_keeps_all_labels_as_nodes_but_links_as_the_chart_does():
    everything = chart(every_entity=True)
    assert everything.graph.number_of_nodes() == len(everything.index.entities) == len(NAMES)
    assert everything.graph.degree("DATE:march 14, 2026") == 0
    assert everything.graph.degree("PERSON:maria lopez") == chart().graph.degree("PERSON:maria lopez")


def test_a_minimum_link_weight_can_leave_out_the_entities_it_unlinks():
    """Issue 33: a minimum weight left the entities it unlinked as isolated dots."""
    weighty = chart(labels={"PERSON", "DRUG", "GANG_ORG", "DATE"}, min_weight=2)
    assert weighty.graph.number_of_edges() == 0 and weighty.graph.number_of_nodes() > 0
    assert linked_only(weighty.graph).number_of_nodes() == 0
    assert sorted(linked_only(weighty.graph, keep=["PERSON:ana ruiz"])) == ["PERSON:ana ruiz"]
    default = chart()
    linked = linked_only(default.graph)
    assert set(linked.edges) == set(default.graph.edges) and sorted(linked) == sorted(
        {n for edge in default.graph.edges for n in edge}
    )
