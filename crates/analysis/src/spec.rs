//! What an ensemble runs: its seed, its size and its arms.
//!
//! Arm 0 is the factual arm. Every other arm is a what-if (or a parameter change) and is compared, run
//! by run, with the factual run *from the same point of divergence*: the same script with its
//! interventions cleared (history kept up to the divergence, free after it), the factual arm's
//! parameters, the same seed and run index. Both runs draw the same numbers for the same purposes on
//! the same days (common random numbers), so their difference measures the intervention and little
//! else.

use bianjing_engine::{ConfigError, PARAM_NAMES, Params, RunConfig, Script, Setup};

use crate::source::ParamSource;

/// One arm of an ensemble: a compiled script and a parameter set.
#[derive(Debug, Clone)]
pub struct Arm {
    /// A name for tables and output, e.g. `factual` or the what-if's id.
    pub name: String,
    pub script: Script,
    /// The arm's parameters when the ensemble's source is fixed; with a prior or a posterior, each
    /// run's draw replaces them except for those in `pinned`.
    pub params: Params,
    /// Parameters set by hand (`--set`), which keep their value in `params` whatever the draw.
    pub pinned: Vec<String>,
}

impl Arm {
    /// An arm from a run configuration, compiled against `setup`.
    pub fn compile(
        setup: &Setup,
        name: impl Into<String>,
        config: &RunConfig,
        params: Params,
    ) -> Result<Arm, ConfigError> {
        Ok(Arm {
            name: name.into(),
            script: Script::compile(setup, config)?,
            params,
            pinned: Vec::new(),
        })
    }

    /// The factual counterpart of a what-if's script: the same point of divergence (`free_from`), the
    /// same record imposed before it, and no intervention after it.
    pub fn factual_for(script: &Script) -> Script {
        Script {
            free_from: script.free_from,
            imposed: script.imposed.clone(),
            forbid_raid: false,
            coordinated_raid: None,
            keep_war_leader: false,
            refuse_terms: false,
            pay_in_full: false,
            pursue: false,
            early_relief: 0.0,
            record: script.record,
        }
    }
}

/// Whether two scripts impose and intervene identically.
pub fn same_script(a: &Script, b: &Script) -> bool {
    a.free_from == b.free_from
        && a.imposed == b.imposed
        && a.forbid_raid == b.forbid_raid
        && a.coordinated_raid == b.coordinated_raid
        && a.keep_war_leader == b.keep_war_leader
        && a.refuse_terms == b.refuse_terms
        && a.pay_in_full == b.pay_in_full
        && a.pursue == b.pursue
        && a.early_relief.to_bits() == b.early_relief.to_bits()
        && a.record == b.record
}

/// An ensemble: `runs` runs (indices `0..runs`) of every arm, all from `seed`.
#[derive(Debug, Clone)]
pub struct EnsembleSpec {
    pub runs: u64,
    pub seed: u64,
    /// Arm 0 is the factual arm; the others are compared with their paired factual runs.
    pub arms: Vec<Arm>,
    /// Where each run's parameters come from; run `i` of every arm uses the same draw.
    pub source: ParamSource,
}

/// The paired factual runs an ensemble needs, worked out once from its spec.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    /// Factual scripts other than arm 0's, each run with arm 0's parameters.
    pub baselines: Vec<Script>,
    /// For each arm other than arm 0 (index `arm - 1`): its paired factual run, `None` for arm 0's own
    /// run, `Some(k)` for `baselines[k]`.
    pub paired: Vec<Option<usize>>,
}

impl EnsembleSpec {
    /// The factual script arm `arm` is paired with (arm 0's own for arm 0).
    pub fn baseline_script(&self, arm: usize) -> Script {
        if arm == 0 {
            self.arms[0].script.clone()
        } else {
            Arm::factual_for(&self.arms[arm].script)
        }
    }

    pub(crate) fn plan(&self) -> Plan {
        let mut baselines: Vec<Script> = Vec::new();
        let mut paired = Vec::new();
        for i in 1..self.arms.len() {
            let b = self.baseline_script(i);
            if same_script(&b, &self.arms[0].script) {
                paired.push(None);
            } else if let Some(k) = baselines.iter().position(|s| same_script(s, &b)) {
                paired.push(Some(k));
            } else {
                baselines.push(b);
                paired.push(Some(baselines.len() - 1));
            }
        }
        Plan { baselines, paired }
    }

    /// A fingerprint of everything that decides the runs' results besides the seed and run index:
    /// every arm's script, parameters and pinned parameters, and the parameter source (FNV-1a over
    /// their exact bits). Two partial results merge only if their fingerprints agree.
    pub fn fingerprint(&self) -> u64 {
        let mut h = Fnv::new();
        h.u64(self.arms.len() as u64);
        for arm in &self.arms {
            h.bytes(arm.name.as_bytes());
            hash_script(&mut h, &arm.script);
            for name in PARAM_NAMES {
                h.u64(arm.params.get(name).unwrap_or(f64::NAN).to_bits());
            }
            if !arm.pinned.is_empty() {
                h.u64(arm.pinned.len() as u64);
                for p in &arm.pinned {
                    h.bytes(p.as_bytes());
                }
            }
        }
        if !matches!(self.source, ParamSource::Fixed) {
            h.bytes(self.source.label().as_bytes());
        }
        h.0
    }
}

fn hash_script(h: &mut Fnv, s: &Script) {
    h.u64(u64::from(s.free_from));
    h.u64(s.imposed.len() as u64);
    for &(d, e) in &s.imposed {
        h.u64(u64::from(d) << 16 | u64::from(e));
    }
    for b in [
        s.forbid_raid,
        s.keep_war_leader,
        s.refuse_terms,
        s.pay_in_full,
        s.pursue,
    ] {
        h.u64(u64::from(b));
    }
    h.u64(s.coordinated_raid.map_or(u64::MAX, u64::from));
    h.u64(s.early_relief.to_bits());
    h.u64(s.record.index() as u64);
}

/// FNV-1a, 64 bits: a small, portable, stable hash.
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    fn bytes(&mut self, bytes: &[u8]) {
        self.u64(bytes.len() as u64);
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    fn u64(&mut self, v: u64) {
        for b in v.to_le_bytes() {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}
