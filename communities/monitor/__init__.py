"""The building-block monitor: communities score themselves on the eight building blocks once a
quarter, and see the means. One module per responsibility, each importing only those above it
in this list:

- periods: the quarters scores belong to, their order and their labels;
- blocks: the building blocks, read from the cache;
- chart: the geometry of the bar chart of means;
- scoring: who may score a community, and recording one self-evaluation;
- aggregates: means per community and quarter, what of them may be shown, and the editors'
  national overview;
- tools: the tools suggested per building block;
- views: the community's monitor page and its scoring form.

The models (BuildingBlock, SelfEvaluation, ...) live in communities.models.monitor.
"""
