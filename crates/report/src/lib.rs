//! A self-contained HTML report of Bianjing 1126 ensembles: the answer to the essay's closing question
//! in plain words, outcome probabilities and paired what-if effects with intervals, the key events'
//! dates against the record, the siege over time, sensitivity indices and the calibration, every plot
//! an inline SVG.
//!
//! The crate takes plain data ([`ReportInput`], built by the command line from ensembles and files)
//! and returns strings; it opens no file. The page needs nothing from outside itself: no script, no
//! external stylesheet, font or image, so it opens offline and can be mailed as one file.
//!
//! - [`svg`] and [`scale`]: a small SVG writer (escaped text, shapes) and linear scales with nice ticks;
//!   [`axis`]: axes, grids and legends; [`plot`]: dot-and-whisker, day histograms with a marked day,
//!   median-and-band lines over days, grouped bars, posterior against prior.
//! - [`series`]: quantities of the world day by day across a bounded number of runs, read from
//!   [`bianjing_engine::Simulation::world`] after each step.
//! - [`headline`]: the answer in words, generated from the ensemble's numbers.
//! - [`html`] and [`document`]: the page and its sections.

pub mod axis;
pub mod document;
pub mod headline;
pub mod html;
pub mod input;
pub mod plot;
pub mod scale;
pub mod series;
pub mod svg;

pub use document::{ReportInput, SECTION_IDS, render};
pub use input::{
    ArmInfo, DailyQuantity, DailySeries, DayLabel, EventDates, MorrisRow, ParameterPosterior,
    Posterior, Quantiles, Sensitivity, SensitivityRow,
};
