"""The building-block monitor: communities score themselves per quarter on the eight building
blocks, and see the means. Its parts live in the modules of this package."""
