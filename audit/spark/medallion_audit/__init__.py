"""The Spark audit: gold recomputed from the bronze topics, from the contracts alone, and diffed with the warehouse."""
