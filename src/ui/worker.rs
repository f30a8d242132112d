//! The page's side of its Web Workers ([`crate::job`]): the reader, which reads files, and the
//! writer, which makes templates and exports. Each is started on first use (or, for the
//! reader, when the user is about to read), sent the latest message once it says it is ready,
//! and stopped to cancel. Replies are decoded and handed to a callback; a worker that fails to
//! start or dies is reported as a failed job and replaced on the next message.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use super::timing::{mark, timed};
use crate::diagnostic::{Diagnostic, Location, Text};
use crate::job::{self, Order, Reply, Request};

/// The worker's side of the line, for the workers' entries (`src/bin/reader.rs`,
/// `src/bin/writer.rs`): answers each message from the page with the messages `answer` sends
/// back, after telling the page it is ready (an empty message).
pub fn serve(mut answer: impl FnMut(&[u8], &mut dyn FnMut(Vec<u8>)) + 'static) {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let post = scope.clone();
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let message = js_sys::Uint8Array::new(&e.data()).to_vec();
            answer(&message, &mut |reply| {
                let _ = post.post_message(&js_sys::Uint8Array::from(reply.as_slice()));
            });
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    let _ = scope.post_message(&js_sys::Uint8Array::new_with_length(0));
}

/// The workers' loader scripts (trunk names worker files without a hash, so they can be found).
const READER_URL: &str = "./parkcheck-reader_loader.js";
const WRITER_URL: &str = "./parkcheck-writer_loader.js";

/// A worker and what is waiting to be sent to it.
pub struct WorkerHandle {
    url: &'static str,
    worker: Option<Worker>,
    on_reply: Rc<dyn Fn(Reply)>,
}

struct Worker {
    worker: web_sys::Worker,
    ready: Rc<RefCell<bool>>,
    /// The worker reported an error (a panic leaves its wasm unusable): the next request
    /// starts a new one.
    failed: Rc<RefCell<bool>>,
    queued: Rc<RefCell<Option<Vec<u8>>>>,
    // The handlers must live as long as the worker.
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::ErrorEvent)>,
}

impl WorkerHandle {
    /// The reader ([`Request`]s).
    pub fn reader(on_reply: Rc<dyn Fn(Reply)>) -> WorkerHandle {
        WorkerHandle {
            url: READER_URL,
            worker: None,
            on_reply,
        }
    }

    /// The writer ([`Order`]s).
    pub fn writer(on_reply: Rc<dyn Fn(Reply)>) -> WorkerHandle {
        WorkerHandle {
            url: WRITER_URL,
            worker: None,
            on_reply,
        }
    }

    /// The writer, saving each file it makes and handing a failure to `on_failure`.
    pub fn saving_writer(on_failure: Rc<dyn Fn(Diagnostic)>) -> WorkerHandle {
        WorkerHandle::writer(Rc::new(move |reply: Reply| match reply {
            Reply::File {
                file_name,
                mime,
                bytes,
            } => {
                super::download::download(&bytes, &file_name, &mime);
            }
            Reply::FileFailed(errors) | Reply::Failed(errors) => {
                if let Some(error) = errors.into_iter().next() {
                    on_failure(error)
                }
            }
            _ => {}
        }))
    }

    /// Sends `request` to the reader.
    pub fn send(&mut self, request: &Request) {
        self.post(job::encode_request(request));
    }

    /// Sends `order` to the writer.
    pub fn order(&mut self, order: &Order) {
        self.post(job::encode_order(order));
    }

    /// Sends a message, starting the worker if needed. Before the worker is ready only the
    /// latest message is kept: an earlier one is superseded anyway.
    fn post(&mut self, bytes: Vec<u8>) {
        if self.worker.as_ref().is_some_and(|w| *w.failed.borrow()) {
            self.cancel();
        }
        if self.worker.is_none() {
            self.worker = self.start();
        }
        match &self.worker {
            Some(w) if *w.ready.borrow() => post(&w.worker, &bytes),
            Some(w) => *w.queued.borrow_mut() = Some(bytes),
            None => (self.on_reply)(Reply::Failed(vec![start_failed()])),
        }
    }

    /// Starts the worker ahead of a request, when the user shows they are about to read
    /// something (the pointer on the file button, a file dragged over the page): fetching and
    /// compiling the reader takes longer than the rest of reading a small file. It then warms
    /// its reading code up, unless a request is already waiting.
    pub fn warm(&mut self) {
        if self.worker.is_some() {
            return;
        }
        self.worker = self.start();
        if let Some(w) = &self.worker {
            *w.queued.borrow_mut() = Some(job::encode_request(&Request::WarmUp));
        }
    }

    /// Stops the worker (cancelling what it is doing); the next request starts a new one.
    pub fn cancel(&mut self) {
        if let Some(w) = self.worker.take() {
            w.worker.terminate();
        }
    }

    fn start(&self) -> Option<Worker> {
        let name = if self.url == READER_URL {
            "reader"
        } else {
            "writer"
        };
        mark(&format!("parkcheck:{name}-start"));
        let worker = web_sys::Worker::new(self.url).ok()?;
        let ready = Rc::new(RefCell::new(false));
        let queued: Rc<RefCell<Option<Vec<u8>>>> = Rc::new(RefCell::new(None));
        let on_message = {
            let ready = ready.clone();
            let queued = queued.clone();
            let worker = worker.clone();
            let on_reply = self.on_reply.clone();
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                mark("parkcheck:reply");
                let bytes = js_sys::Uint8Array::new(&e.data()).to_vec();
                if bytes.is_empty() {
                    // The worker is ready: send what waited.
                    mark(&format!("parkcheck:{name}-ready"));
                    *ready.borrow_mut() = true;
                    if let Some(request) = queued.borrow_mut().take() {
                        post(&worker, &request);
                    }
                    return;
                }
                match timed("parkcheck:reply-decode", || job::decode_reply(&bytes)) {
                    // Nobody waits for the warm-up.
                    Some(Reply::Warm) => mark("parkcheck:reader-warm"),
                    Some(reply) => on_reply(reply),
                    None => on_reply(Reply::Failed(vec![start_failed()])),
                }
            })
        };
        let failed = Rc::new(RefCell::new(false));
        let on_error = {
            let on_reply = self.on_reply.clone();
            let failed = failed.clone();
            Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |_: web_sys::ErrorEvent| {
                *failed.borrow_mut() = true;
                on_reply(Reply::Failed(vec![start_failed()]))
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Some(Worker {
            worker,
            ready,
            failed,
            queued,
            _on_message: on_message,
            _on_error: on_error,
        })
    }
}

fn post(worker: &web_sys::Worker, bytes: &[u8]) {
    let _ = worker.post_message(&js_sys::Uint8Array::from(bytes));
}

fn start_failed() -> Diagnostic {
    Diagnostic::error(
        "reader.failed",
        Location::none(),
        Text::new(
            "后台读取程序出错或无法启动；请刷新页面后重试（您的数据仍在本页）",
            "the background reader failed or could not start; reload the page and try again (your data is still on this page)",
        ),
    )
}
