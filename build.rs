//! Build script: for a Windows target, embeds the icon, the application manifest and version
//! information (from Cargo.toml) in the exe. Other targets need nothing.
//!
//! Why `winresource`: it is the maintained fork of `winres`, fills the VERSIONINFO block from
//! Cargo's package metadata by itself, and cross-compiles from Linux with mingw's `windres`
//! (`x86_64-w64-mingw32-windres`, Debian's binutils-mingw-w64-x86-64). `embed-resource` would
//! need a hand-written `.rc` file with the version repeated in it.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=assets/icon/portscope.ico");
    println!("cargo:rerun-if-changed=packaging/windows/portscope.exe.manifest");
    // Build scripts run on the host: ask Cargo about the target, not `cfg!`.
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    let mut res = winresource::WindowsResource::new();
    res.set_icon("assets/icon/portscope.ico")
        .set_manifest_file("packaging/windows/portscope.exe.manifest")
        .set("ProductName", "PortScope")
        .set("FileDescription", "PortScope port monitor")
        .set("OriginalFilename", "portscope.exe")
        .set("LegalCopyright", "MIT OR Apache-2.0");
    if let Err(e) = res.compile() {
        // A Windows exe without its icon and manifest is not what we ship: stop the build.
        println!("cargo:warning=could not embed the Windows resources: {e}");
        std::process::exit(1);
    }
}
