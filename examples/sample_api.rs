//! Runs the built-in sample ticket API (`casegate::gateway::sample_api`) as a standalone upstream,
//! for manual testing and for `benches/gateway.sh`:
//!
//! ```text
//! cargo run --release --example sample_api -- [LISTEN]     # default 127.0.0.1:3000
//! ```
//!
//! The API key is `$REDMINE_API_KEY`, else `demo-service-key` (the default of examples/demo.toml).
//! Prints the bound address on stdout, then serves until Ctrl-C.

#[cfg(feature = "gateway")]
#[tokio::main(flavor = "multi_thread")]
async fn main() -> std::io::Result<()> {
    let listen = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:3000".to_string());
    let key = std::env::var("REDMINE_API_KEY").unwrap_or_else(|_| "demo-service-key".to_string());
    let listener = tokio::net::TcpListener::bind(&listen).await?;
    println!("{}", listener.local_addr()?);
    let api = casegate::gateway::sample_api::SampleApi::new(&key);
    api.serve(listener, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
}

#[cfg(not(feature = "gateway"))]
fn main() {
    eprintln!("the sample API needs the `gateway` feature");
    std::process::exit(2);
}
