//! `casegate serve`, `check-config` and `demo`: load the configuration, build the tokio runtime,
//! start the library's gateway and wait for a signal.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context as _, Result};
use casegate::gateway::sample_api::SampleApi;
use casegate::gateway::server;
use casegate::gateway::Snapshot;
use casegate::policy::{Config, Env, Kind, ProcessEnv};

use super::args::{CheckConfigArgs, DemoArgs, ServeArgs};
use super::Status;

pub fn serve(args: ServeArgs) -> Result<Status> {
    init_logging(&args.log, args.log_json);
    let config = Config::load(&args.config, &ProcessEnv)?;
    let path = std::fs::canonicalize(&args.config).unwrap_or(args.config.clone());
    runtime()?.block_on(async move {
        let running = server::start(config, Some(path), Arc::new(ProcessEnv)).await?;
        running.run_until_signal().await;
        Ok(Status::Clean)
    })
}

pub fn check_config(args: CheckConfigArgs) -> Result<Status> {
    let config = Config::load(&args.config, &ProcessEnv)?;
    let snap = Snapshot::build(config, None, 0).context("compiling the configuration")?;
    let c = &snap.config;
    let vendors = c.principals.iter().filter(|p| p.kind == Kind::Vendor).count();
    let routes: usize = c.roles.values().map(|r| r.routes.len()).sum();
    println!(
        "{}: ok — {} principals ({} vendor), {} roles with {} routes, {} drop rules, {} action rules, {} detectors",
        args.config.display(),
        c.principals.iter().count(),
        vendors,
        c.roles.len(),
        routes,
        c.drop.len(),
        c.actions.rules.len(),
        snap.scanner.detectors().len(),
    );
    Ok(Status::Clean)
}

/// The process environment with some variables fixed by the demo.
struct Overlay(HashMap<String, String>);

impl Env for Overlay {
    fn get(&self, name: &str) -> Option<String> {
        self.0.get(name).cloned().or_else(|| ProcessEnv.get(name))
    }
}

pub fn demo(args: DemoArgs) -> Result<Status> {
    init_logging("warn", false);
    runtime()?.block_on(async move {
        let api_key = "demo-service-key";
        let upstream = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let upstream_addr = upstream.local_addr()?;
        let api = SampleApi::new(api_key);
        tokio::spawn(api.serve(upstream, std::future::pending()));
        let audit = std::env::temp_dir().join(format!("casegate-demo-audit-{}.jsonl", std::process::id()));
        let env = Arc::new(Overlay(HashMap::from([
            ("CASEGATE_UPSTREAM".into(), format!("http://{upstream_addr}")),
            ("CASEGATE_LISTEN".into(), args.listen.clone()),
            ("CASEGATE_ADMIN_LISTEN".into(), args.admin_listen.clone()),
            ("CASEGATE_AUDIT".into(), audit.display().to_string()),
            ("REDMINE_API_KEY".into(), api_key.into()),
        ])));
        let config = Config::parse(casegate::gateway::demo::DEMO_CONFIG, Path::new("."), env.as_ref())?;
        let running = server::start(config, None, env).await?;
        print_demo(&running, &audit);
        running.run_until_signal().await;
        Ok(Status::Clean)
    })
}

fn print_demo(running: &server::Running, audit: &Path) {
    let g = running.addr;
    println!("casegate demo: sample ticket API behind the gateway at http://{g}\n");
    println!("Internal view (passes through untouched):");
    println!("  curl -s -H 'Authorization: Bearer internal-demo-token' http://{g}/issues/1.json | python3 -m json.tool\n");
    println!("Vendor view (private notes dropped, card keeps last 4, PII labelled):");
    println!("  curl -s -H 'Authorization: Bearer vendor-demo-token' http://{g}/issues/1.json | python3 -m json.tool\n");
    println!("Vendor, a case holding a secret (blocked), a case not assigned (403), a denied route:");
    println!("  curl -s -H 'Authorization: Bearer vendor-demo-token' http://{g}/issues/2.json");
    println!("  curl -s -H 'Authorization: Bearer vendor-demo-token' http://{g}/issues/4.json");
    println!("  curl -s -H 'Authorization: Bearer vendor-demo-token' http://{g}/users/current.json\n");
    println!("Vendor list (only assigned, open cases):");
    println!("  curl -s -H 'Authorization: Bearer vendor-demo-token' http://{g}/issues.json | python3 -m json.tool\n");
    if let Some(a) = running.admin_addr {
        println!("Metrics:   curl -s http://{a}/metrics");
    }
    println!("Audit log: tail -f {}\n", audit.display());
    println!("Ctrl-C to stop.");
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting the async runtime")
}

fn init_logging(default: &str, json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    use std::io::IsTerminal as _;
    let ansi = std::io::stderr().is_terminal();
    let builder =
        tracing_subscriber::fmt().with_env_filter(filter).with_ansi(ansi).with_writer(std::io::stderr);
    let _ = if json { builder.json().try_init() } else { builder.try_init() };
}
