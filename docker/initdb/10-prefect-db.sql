-- The Prefect server keeps its own database beside reelflow's, on the same PostgreSQL.
CREATE DATABASE prefect;
