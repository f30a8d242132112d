//! The ParkCheck command line: the same library as the web app, for scripting and for checking
//! results outside the browser.

fn main() {
    eprintln!(
        "用法 / usage: parkcheck evaluate FILE... [--year Y] [--facts FILE] [--pack ID|FILE] [--set KEY=VALUE]... [--json]"
    );
    std::process::exit(2);
}
