"""Patient travel times between sites, computed once from the instance.

Three methods (``travel.method``):

- ``coordinates``: straight-line (haversine) distance x ``road_factor`` / ``speed_kmh``
  between every pair of sites;
- ``links``: shortest paths over the undirected NetworkX graph of ``travel_links``; a link
  with no minutes gets its coordinate estimate;
- ``matrix``: the ``travel_matrix`` rows as given (directed; a missing pair is unreachable).

A site is always 0 minutes from itself.
"""

from __future__ import annotations

import math

import networkx as nx

from netopt.schema import Instance, Site, TravelMethod, TravelSettings

EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (IUGG)."""

TravelMinutes = dict[str, dict[str, float]]
"""origin site -> destination site -> minutes; only reachable pairs are present."""


def haversine_km(a: Site, b: Site) -> float:
    """Great-circle distance between two sites (km)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


def coordinate_minutes(a: Site, b: Site, settings: TravelSettings) -> float:
    """Estimated road travel minutes between two sites from their coordinates."""
    return haversine_km(a, b) * settings.road_factor / settings.speed_kmh * 60.0


def travel_graph(instance: Instance) -> nx.Graph:
    """The undirected travel graph of ``travel_links`` (edge attribute ``minutes``)."""
    sites = {s.id: s for s in instance.sites}
    graph = nx.Graph()
    graph.add_nodes_from(sites)
    for link in instance.travel_links:
        minutes = link.minutes
        if minutes is None:
            minutes = coordinate_minutes(
                sites[link.origin], sites[link.destination], instance.travel
            )
        # Parallel links: the faster one is the road a patient takes.
        if graph.has_edge(link.origin, link.destination):
            minutes = min(minutes, graph.edges[link.origin, link.destination]["minutes"])
        graph.add_edge(link.origin, link.destination, minutes=minutes)
    return graph


def travel_minutes(instance: Instance, cutoff: float | None = None) -> TravelMinutes:
    """Travel minutes between sites, keeping only pairs within ``cutoff`` minutes (if given)."""
    limit = math.inf if cutoff is None else cutoff
    method = instance.travel.method
    out: TravelMinutes = {s.id: {s.id: 0.0} for s in instance.sites}
    if method is TravelMethod.MATRIX:
        for row in instance.travel_matrix:
            if row.minutes <= limit and row.origin != row.destination:
                out[row.origin][row.destination] = row.minutes
    elif method is TravelMethod.LINKS:
        graph = travel_graph(instance)
        for origin in graph.nodes:
            lengths = nx.single_source_dijkstra_path_length(
                graph, origin, cutoff=cutoff, weight="minutes"
            )
            out[origin].update({d: float(m) for d, m in lengths.items()})
    else:
        sites = instance.sites
        for i, a in enumerate(sites):
            for b in sites[i + 1 :]:
                minutes = coordinate_minutes(a, b, instance.travel)
                if minutes <= limit:
                    out[a.id][b.id] = minutes
                    out[b.id][a.id] = minutes
    return out
