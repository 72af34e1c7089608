//! The browser entry point; everything else is in the library so browser tests can mount it.

fn main() {
    fedcred_web::start();
}
