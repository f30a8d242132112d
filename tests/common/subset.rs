//! The data-driven cases' comparison (rules and city cases): whether an actual JSON value
//! contains the expected one. Objects match key by key (extra actual keys are fine); arrays of
//! objects that carry one of the identifying keys match element by element on that key,
//! other arrays position by position and in full; numbers match within 1e-4 when |x| ≤ 1 and
//! 0.01 otherwise, or a case's default, or `{ approx = x, tol = t }`; the string `"null"` means
//! null.

use serde_json::Value;

/// The keys that identify an element of an array, in the order they are tried.
pub struct Keys(pub &'static [&'static str]);

fn tolerance_for(expected: f64, default_tol: Option<f64>) -> f64 {
    default_tol.unwrap_or(if expected.abs() <= 1.0 { 1e-4 } else { 0.01 })
}

/// Adds to `errors` every place (under `path`) where `actual` does not contain `expected`.
pub fn compare(
    expected: &Value,
    actual: &Value,
    path: &str,
    keys: &Keys,
    default_tol: Option<f64>,
    errors: &mut Vec<String>,
) {
    match expected {
        Value::Object(e) if e.contains_key("approx") => {
            let want = e.get("approx").and_then(Value::as_f64).unwrap_or(f64::NAN);
            let tol = e
                .get("tol")
                .and_then(Value::as_f64)
                .unwrap_or_else(|| tolerance_for(want, default_tol));
            match actual.as_f64() {
                Some(a) if (a - want).abs() <= tol => {}
                _ => errors.push(format!("{path}: expected {want} ± {tol}, got {actual}")),
            }
        }
        Value::Object(e) => {
            let Some(a) = actual.as_object() else {
                errors.push(format!("{path}: expected an object, got {actual}"));
                return;
            };
            for (k, v) in e {
                match a.get(k) {
                    Some(av) => compare(v, av, &format!("{path}.{k}"), keys, default_tol, errors),
                    None => errors.push(format!("{path}.{k}: missing")),
                }
            }
        }
        Value::Array(e) => {
            let Some(a) = actual.as_array() else {
                errors.push(format!("{path}: expected an array, got {actual}"));
                return;
            };
            let keyed = |v: &Value| {
                keys.0
                    .iter()
                    .find_map(|k| v.get(*k).map(|x| (*k, x.clone())))
            };
            if !e.is_empty() && e.iter().all(|v| v.is_object() && keyed(v).is_some()) {
                for ev in e {
                    let Some((k, key)) = keyed(ev) else { continue };
                    match a.iter().find(|av| av.get(k) == Some(&key)) {
                        Some(av) => {
                            compare(ev, av, &format!("{path}[{key}]"), keys, default_tol, errors)
                        }
                        None => errors.push(format!("{path}: no element with {k} = {key}")),
                    }
                }
            } else {
                if e.len() != a.len() {
                    errors.push(format!(
                        "{path}: expected {} elements, got {}",
                        e.len(),
                        a.len()
                    ));
                    return;
                }
                for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                    compare(ev, av, &format!("{path}[{i}]"), keys, default_tol, errors);
                }
            }
        }
        Value::Number(n) => {
            let want = n.as_f64().unwrap_or(f64::NAN);
            let tol = tolerance_for(want, default_tol);
            match actual.as_f64() {
                Some(a) if (a - want).abs() <= tol => {}
                _ => errors.push(format!("{path}: expected {want} ± {tol}, got {actual}")),
            }
        }
        Value::String(s) if s == "null" => {
            if !actual.is_null() {
                errors.push(format!("{path}: expected null, got {actual}"));
            }
        }
        other => {
            if other != actual {
                errors.push(format!("{path}: expected {other}, got {actual}"));
            }
        }
    }
}
