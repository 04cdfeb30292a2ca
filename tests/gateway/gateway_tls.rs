//! An HTTPS upstream signed by a private CA: trusted with `upstream.ca_file`, refused (502,
//! nothing forwarded to the vendor) without it.

#![cfg(feature = "gateway")]

use std::collections::HashMap;
use std::sync::Arc;

use bytes::Bytes;
use casegate::gateway::server;
use casegate::policy::Config;
use http_body_util::{BodyExt, Full};
use hyper::service::service_fn;
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioIo};
use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
use tokio::net::TcpListener;

const DEMO: &str = include_str!("../../examples/demo.toml");

/// Starts a TLS upstream for `localhost`; returns its port and the CA certificate (PEM).
async fn tls_upstream() -> (u16, String) {
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca_cert = ca_params.self_signed(&ca_key).unwrap();
    let issuer = Issuer::from_params(&ca_params, &ca_key);
    let key = KeyPair::generate().unwrap();
    let cert =
        CertificateParams::new(vec!["localhost".to_string()]).unwrap().signed_by(&key, &issuer).unwrap();

    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let private = rustls::pki_types::PrivateKeyDer::try_from(key.serialize_der()).unwrap();
    let tls = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert.der().clone()], private)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(tls));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(tls) = acceptor.accept(stream).await else { return };
                let svc = service_fn(|_req| async {
                    let body = Full::new(Bytes::from_static(br#"{"statuses": "card 4111 1111 1111 1111"}"#));
                    Ok::<_, std::convert::Infallible>(
                        hyper::Response::builder()
                            .header("content-type", "application/json")
                            .body(body)
                            .unwrap(),
                    )
                });
                let _ =
                    hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(tls), svc).await;
            });
        }
    });
    (port, ca_cert.pem())
}

async fn vendor_get(with_ca: bool) -> (u16, String) {
    let (port, ca_pem) = tls_upstream().await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ca.pem"), ca_pem).unwrap();
    let env = HashMap::from([
        ("CASEGATE_UPSTREAM".to_string(), format!("https://localhost:{port}")),
        ("CASEGATE_LISTEN".to_string(), "127.0.0.1:0".to_string()),
        ("CASEGATE_ADMIN_LISTEN".to_string(), "127.0.0.1:0".to_string()),
        ("CASEGATE_AUDIT".to_string(), dir.path().join("audit.jsonl").display().to_string()),
    ]);
    let mut text = DEMO.to_string();
    if with_ca {
        text = text.replace("# ca_file = \"/etc/casegate/private-ca.pem\"", "ca_file = \"ca.pem\"");
    }
    let path = dir.path().join("casegate.toml");
    std::fs::write(&path, text).unwrap();
    let config = Config::load(&path, &env).unwrap();
    let gw = server::start(config, None, Arc::new(env)).await.unwrap();
    let client = Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
    let req = hyper::Request::get(format!("http://{}/issue_statuses.json", gw.addr))
        .header("authorization", "Bearer vendor-demo-token")
        .body(Full::new(Bytes::new()))
        .unwrap();
    let resp = client.request(req).await.unwrap();
    let status = resp.status().as_u16();
    let body = String::from_utf8_lossy(&resp.into_body().collect().await.unwrap().to_bytes()).into_owned();
    gw.shutdown().await;
    (status, body)
}

#[tokio::test(flavor = "multi_thread")]
async fn private_ca_is_trusted_when_configured() {
    let (status, body) = vendor_get(true).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("**** **** **** 1111"), "{body}");
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_ca_is_refused() {
    let (status, body) = vendor_get(false).await;
    assert_eq!(status, 502, "{body}");
    assert!(!body.contains("4111 1111"), "{body}");
}
