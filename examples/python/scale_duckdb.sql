-- parcours from SQL: run by examples/python/scale_duckdb.py, which registers the function
-- parcours_route(filiere, origin, date, level) (parcours.duckdb.register) and the Parquet
-- files of synthetic stays as the view `stays`.

-- Where the stays of each filière go, by the step that chose the target.
SELECT filiere, r.step, count(*) AS stays, round(avg(r.distance_km), 1) AS mean_km
FROM (SELECT filiere, parcours_route(filiere, origin, date, level) AS r FROM stays)
GROUP BY ALL
ORDER BY stays DESC
LIMIT 8;

-- Stays sent more than 80 km away, per territory (origin GHT).
SELECT territory, count(*) FILTER (WHERE r.distance_km > 80) AS beyond_80_km, count(*) AS stays
FROM (SELECT territory, parcours_route(filiere, origin, date, level) AS r
      FROM stays WHERE origin IS NOT NULL)
GROUP BY ALL
ORDER BY beyond_80_km DESC
LIMIT 5;
