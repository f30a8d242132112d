//! The city's files: the multiple file input (`#city-input`) and drop zone, which read every
//! chosen file's bytes and hand them over in the order chosen, and the list of files with their
//! reading state and a remove button each. Parsing is not done here: the bytes go to the reader
//! worker through the city session.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::file::File as GlooFile;
use gloo::file::callbacks::FileReader;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::city_session::{CityFile, FileState};
use crate::format;
use crate::i18n::{Key, Lang, t};

/// Files chosen together: name and bytes, in the order the browser lists them.
pub type Chosen = Vec<(String, Rc<Vec<u8>>)>;

/// How one file's read ended: its name and bytes, or its name alone when it failed.
type Outcome = Result<(String, Rc<Vec<u8>>), String>;

/// The file types offered: a single park's tables, and `.parkcheck` files (links).
const ACCEPT: &str = ".csv,.tsv,.txt,.xlsx,.xlsm,.xls,.ods,.xml,.htm,.html,.parkcheck";

/// One choice of files being read into memory.
pub struct Batch {
    /// The readers must live until their callbacks fire.
    readers: Vec<FileReader>,
    /// One slot per file, filled as each read ends: the bytes, or the file's name on failure.
    results: Vec<Option<Outcome>>,
    done: bool,
}

/// What the file picker keeps between renders: the reads in progress (kept by the city screen).
pub type Batches = Rc<RefCell<Vec<Rc<RefCell<Batch>>>>>;

/// The multiple file input and drop zone. `compact`: files are already chosen, so a bar whose
/// button says "add more". `on_files` gets every file of one choice that could be read, in
/// order; `on_error` a message naming those the browser could not read.
pub fn file_picker(
    l: Lang,
    compact: bool,
    batches: &Batches,
    dragging: &UseStateHandle<bool>,
    on_files: &Callback<Chosen>,
    on_error: &Callback<String>,
    // Called when the user is about to choose or drop files (the pointer, the keyboard focus or
    // dragged files reach the drop zone), so the reader can start early.
    on_intent: &Callback<()>,
) -> Html {
    let read = {
        let batches = batches.clone();
        let on_files = on_files.clone();
        let on_error = on_error.clone();
        Rc::new(move |files: Vec<web_sys::File>| {
            read_all(
                files,
                &batches,
                on_files.clone(),
                on_error.clone(),
                t(l, Key::ReadFailed),
            )
        })
    };
    let on_change = {
        let read = read.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            read(list(input.files()));
            // Clearing the value lets the same files be chosen again.
            input.set_value("");
        })
    };
    let on_drop = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            read(list(e.data_transfer().and_then(|dt| dt.files())));
        })
    };
    let on_drag_over = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let on_drag_leave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    html! {
        <div class={classes!("dropzone", "city-drop", compact.then_some("compact"), (**dragging).then_some("dragging"))}
            ondrop={on_drop} ondragover={on_drag_over} ondragleave={on_drag_leave}
            onpointerenter={on_intent.reform(|_| ())} onfocusin={on_intent.reform(|_| ())}
            ondragenter={on_intent.reform(|_| ())}>
            <div class="actions">
                <input id="city-input" class="visually-hidden" type="file" multiple={true} accept={ACCEPT}
                    onchange={on_change} />
                <label class="button primary" for="city-input">
                    { t(l, if compact { Key::CityAddFiles } else { Key::CityChooseFiles }) }
                </label>
                if compact {
                    <span class="muted drop-hint">{ t(l, Key::CityDropHere) }</span>
                }
            </div>
            if !compact {
                <p class="drop-formats">{ t(l, Key::CityDropHere) }{ " · " }{ t(l, Key::DropFormats) }</p>
            }
        </div>
    }
}

fn list(files: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    files
        .map(|f| (0..f.length()).filter_map(|i| f.get(i)).collect())
        .unwrap_or_default()
}

/// Reads every file's bytes; when the last one is in, hands over those that could be read, in
/// the order given, and names the others.
fn read_all(
    files: Vec<web_sys::File>,
    batches: &Batches,
    on_files: Callback<Chosen>,
    on_error: Callback<String>,
    failed: &'static str,
) {
    if files.is_empty() {
        return;
    }
    // Batches whose reads have all ended are no longer needed.
    batches.borrow_mut().retain(|b| !b.borrow().done);
    let batch = Rc::new(RefCell::new(Batch {
        readers: Vec::with_capacity(files.len()),
        results: (0..files.len()).map(|_| None).collect(),
        done: false,
    }));
    for (i, file) in files.into_iter().enumerate() {
        let name = file.name();
        let slot = batch.clone();
        let on_files = on_files.clone();
        let on_error = on_error.clone();
        let reader = gloo::file::callbacks::read_as_bytes(&GlooFile::from(file), move |res| {
            let results = {
                let mut b = slot.borrow_mut();
                b.results[i] = Some(match res {
                    Ok(bytes) => Ok((name, Rc::new(bytes))),
                    Err(_) => Err(name),
                });
                if b.results.iter().any(Option::is_none) {
                    return;
                }
                b.done = true;
                std::mem::take(&mut b.results)
            };
            let (read, unread): (Vec<_>, Vec<_>) =
                results.into_iter().flatten().partition(Result::is_ok);
            let read: Chosen = read.into_iter().filter_map(Result::ok).collect();
            let unread: Vec<String> = unread.into_iter().filter_map(Result::err).collect();
            if !unread.is_empty() {
                on_error.emit(format!("{}：{failed}", unread.join("、")));
            }
            if !read.is_empty() {
                on_files.emit(read);
            }
        });
        batch.borrow_mut().readers.push(reader);
    }
    batches.borrow_mut().push(batch);
}

/// The files as chips with their state (`reading`: the id of the file the reader is working
/// on) and a remove button each (`on_remove` gets the file's id).
pub fn file_list(
    l: Lang,
    files: &[CityFile],
    reading: Option<u64>,
    on_remove: &Callback<u64>,
    on_clear: &Callback<MouseEvent>,
) -> Html {
    if files.is_empty() {
        return html! {};
    }
    html! {
        <section class="city-files" aria-labelledby="city-files-title">
            <h3 id="city-files-title">{ t(l, Key::CityFiles) }</h3>
            <ul id="city-files">
                { for files.iter().map(|f| {
                    let (class, status) = match &f.state {
                        FileState::Waiting { .. } if reading == Some(f.id) => ("waiting", t(l, Key::CityFileReading).to_string()),
                        FileState::Waiting { .. } => ("waiting", t(l, Key::CityFileWaiting).to_string()),
                        FileState::Read { parks, .. } => ("read", format!("{parks} {}", t(l, Key::CityParksInFile))),
                        FileState::Linked { parks } => ("read linked", format!("{} {} · {}", parks.len(), t(l, Key::CityParksInFile), t(l, Key::CityFromLink))),
                        FileState::Failed(errors) => ("failed", match errors.first() {
                            Some(e) => format!("{}：{}", t(l, Key::CityFileFailed), e.message.get(l.tag_short())),
                            None => t(l, Key::CityFileFailed).to_string(),
                        }),
                    };
                    let on_remove = on_remove.clone();
                    let id = f.id;
                    html! {
                        <li class={classes!("city-file", class)} key={f.id}>
                            <span class="file-name" title={format!("{} KB", format::number((f.size as f64 / 1024.0).ceil()))}>{ &f.name }</span>
                            <span class="file-status">{ status }</span>
                            <button type="button" class="link remove-file" aria-label={format!("{} {}", t(l, Key::Remove), f.name)}
                                onclick={Callback::from(move |_: MouseEvent| on_remove.emit(id))}>{ t(l, Key::Remove) }</button>
                        </li>
                    }
                }) }
            </ul>
            if files.len() > 1 {
                <button type="button" class="link" id="city-clear" onclick={on_clear.clone()}>{ t(l, Key::CityClear) }</button>
            }
        </section>
    }
}
