//! Saving bytes as a file the user downloads (templates now, exports later), via a Blob URL and a
//! temporary link: nothing is sent anywhere.

use wasm_bindgen::JsCast;

/// Offers `bytes` as a download named `file_name`. Returns `false` when the browser refused.
pub fn download(bytes: &[u8], file_name: &str, mime: &str) -> bool {
    let attempt = || -> Option<()> {
        let array = js_sys::Uint8Array::from(bytes);
        let parts = js_sys::Array::of1(&array);
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(mime);
        let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
        let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
        let document = gloo::utils::document();
        let anchor: web_sys::HtmlAnchorElement =
            document.create_element("a").ok()?.dyn_into().ok()?;
        anchor.set_href(&url);
        anchor.set_download(file_name);
        anchor.click();
        let _ = web_sys::Url::revoke_object_url(&url);
        Some(())
    };
    attempt().is_some()
}
