//! The browser entry point; everything else is in the library so browser tests can mount it.

// Every allocation of the app, and of the parts of the split module, which share the first
// module's memory and call this allocator through its function table. Talc's single-threaded
// WebAssembly allocator, as its README_WASM.md (talc 5.1.1) sets it up; see Cargo.toml for why.
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    fedcred_web::start();
}
