//! Geometry on the sphere: positions as unit vectors and great-circle distances, shared by
//! the engine (which converts sites and locations once, when compiling) and routing (which
//! measures candidates). Public items are re-exported from [`crate::route`].

/// Mean Earth radius used by the haversine distance, in km.
pub const EARTH_RADIUS_KM: f64 = 6371.0;

/// The textbook haversine formula (radians, with cos(latitude)), kept to test that
/// [`chord_km`] gives the same distances.
#[cfg(test)]
fn haversine_rad(lat1: f64, lon1: f64, cos1: f64, lat2: f64, lon2: f64, cos2: f64) -> f64 {
    let dlat = (lat2 - lat1) * 0.5;
    let dlon = (lon2 - lon1) * 0.5;
    let a = dlat.sin().powi(2) + cos1 * cos2 * dlon.sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
}

/// A point of the sphere (latitude and longitude in radians) as a unit vector. Sites and
/// locations are converted once when an engine is compiled, so that a distance costs one
/// square root and one arc sine, and no sine or cosine.
#[inline]
pub(crate) fn unit_vector(lat: f64, lon: f64) -> [f64; 3] {
    let c = lat.cos();
    [c * lon.cos(), c * lon.sin(), lat.sin()]
}

/// Great-circle distance in km between two unit vectors: `2 R asin(chord / 2)`, the same
/// great-circle distance as the haversine formula.
#[inline]
pub(crate) fn chord_km(a: [f64; 3], b: [f64; 3]) -> f64 {
    let (dx, dy, dz) = (a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    let chord = (dx * dx + dy * dy + dz * dz).sqrt();
    2.0 * EARTH_RADIUS_KM * (chord * 0.5).min(1.0).asin()
}

/// Great-circle (haversine) distance in km between two WGS84 points given in degrees, computed
/// exactly as the engine computes it.
///
/// ```
/// // Chaumont to Dijon, about 88 km in a straight line.
/// let km = parcours::route::haversine_km(48.1117, 5.1389, 47.3217, 5.0414);
/// assert!((km - 88.0).abs() < 1.0);
/// ```
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    chord_km(
        unit_vector(lat1.to_radians(), lon1.to_radians()),
        unit_vector(lat2.to_radians(), lon2.to_radians()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chord_and_haversine_formulas_agree() {
        for (a, b, c, d) in [
            (47.86, 5.33, 47.32, 5.04),
            (50.55, 3.03, 50.61, 3.03),
            (43.6, -1.4, 49.2, -0.4),
            (10.0, 20.0, -10.0, -160.0),
        ] {
            let (la, lb) = (f64::to_radians(a), f64::to_radians(c));
            let h = haversine_rad(
                la,
                f64::to_radians(b),
                la.cos(),
                lb,
                f64::to_radians(d),
                lb.cos(),
            );
            assert!(
                (h - haversine_km(a, b, c, d)).abs() < 1e-6,
                "{h} vs {}",
                haversine_km(a, b, c, d)
            );
        }
    }

    #[test]
    fn haversine_matches_reference_distances() {
        // Figures from the domain notes: Langres–Dijon 64 km, Seclin–CHRU Lille 7 km.
        assert!((haversine_km(47.8625, 5.3331, 47.3217, 5.0414) - 64.0).abs() < 1.0);
        assert!((haversine_km(50.5489, 3.0303, 50.6092, 3.0347) - 7.0).abs() < 0.5);
        assert!(haversine_km(10.0, 20.0, 10.0, 20.0).abs() < 1e-9);
    }
}
