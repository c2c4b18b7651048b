//! can over synthetic organizations, checked by running `authorize` on
//! every reported witness and on actions not reported.
